namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>Thrown while decompressing a part that goes past a <see cref="ThreeMfLimits"/> limit; always caught and turned into a problem.</summary>
internal sealed class PackageLimitExceededException(string message) : Exception(message);
