namespace PrintStash.Web.Vault;

/// <summary>Thumbnails are stored as PNG or JPEG blobs; the first bytes tell which.</summary>
public static class ImageTypes
{
    /// <summary>Reads the magic bytes of a seekable stream and rewinds it, so the same open file is served.</summary>
    public static string Sniff(Stream stream)
    {
        Span<byte> head = stackalloc byte[3];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return read == 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF ? "image/jpeg" : "image/png";
    }
}
