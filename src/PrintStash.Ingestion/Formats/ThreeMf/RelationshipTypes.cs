namespace PrintStash.Ingestion.Formats.ThreeMf;

internal static class RelationshipTypes
{
    public const string Model = "http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel";
    public const string Thumbnail = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail";
}
