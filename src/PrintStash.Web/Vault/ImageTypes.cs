namespace PrintStash.Web.Vault;

/// <summary>Thumbnails are stored as PNG or JPEG blobs; the first bytes tell which.</summary>
public static class ImageTypes
{
    public static string Sniff(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        var read = stream.Read(head);
        return read >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF ? "image/jpeg" : "image/png";
    }
}
