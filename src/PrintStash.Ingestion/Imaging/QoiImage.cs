namespace PrintStash.Ingestion.Imaging;

/// <summary>A decoded QOI image; <see cref="Rgba"/> always holds 4 bytes per pixel, whatever <see cref="Channels"/> the file declared.</summary>
public sealed record QoiImage(int Width, int Height, int Channels, int ColorSpace, byte[] Rgba);
