namespace PrintStash.Ingestion.Formats.BGCode;

/// <summary>A metadata or thumbnail block as read: its parameters and the decompressed data.</summary>
internal sealed record BGCodeBlock(BGCodeBlockHeader Header, byte[] Parameters, byte[] Data);
