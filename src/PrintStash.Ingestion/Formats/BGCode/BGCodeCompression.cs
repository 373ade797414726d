namespace PrintStash.Ingestion.Formats.BGCode;

internal enum BGCodeCompression : ushort
{
    None = 0,
    Deflate = 1,
    Heatshrink11 = 2,
    Heatshrink12 = 3,
}
