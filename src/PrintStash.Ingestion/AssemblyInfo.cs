using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("PrintStash.Ingestion.Tests")]
