namespace PrintStash.Ingestion.Formats.Mesh;

internal enum StlEncoding
{
    Unknown = 0,
    Binary,
    Ascii,
}
