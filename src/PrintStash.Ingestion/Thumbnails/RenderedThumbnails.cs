namespace PrintStash.Ingestion.Thumbnails;

/// <summary>Two PNG renders (RGBA, transparent background) of the same view.</summary>
/// <param name="LargePng">The stored thumbnail, <paramref name="LargeSize"/> pixels square.</param>
/// <param name="LargeSize">Edge of <paramref name="LargePng"/> in pixels.</param>
/// <param name="SmallPng">The list-view thumbnail, <paramref name="SmallSize"/> pixels square.</param>
/// <param name="SmallSize">Edge of <paramref name="SmallPng"/> in pixels.</param>
public sealed record RenderedThumbnails(byte[] LargePng, int LargeSize, byte[] SmallPng, int SmallSize);
