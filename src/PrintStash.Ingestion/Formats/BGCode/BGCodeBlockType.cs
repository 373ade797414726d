namespace PrintStash.Ingestion.Formats.BGCode;

/// <summary>Block types of libbgcode's binary G-code format (version 1).</summary>
internal enum BGCodeBlockType : ushort
{
    FileMetadata = 0,
    GCode = 1,
    SlicerMetadata = 2,
    PrinterMetadata = 3,
    PrintMetadata = 4,
    Thumbnail = 5,
}
