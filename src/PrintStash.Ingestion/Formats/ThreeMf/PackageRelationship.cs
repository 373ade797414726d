namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>One OPC relationship, its target already resolved to an entry name.</summary>
internal sealed record PackageRelationship(string Type, string TargetPart);
