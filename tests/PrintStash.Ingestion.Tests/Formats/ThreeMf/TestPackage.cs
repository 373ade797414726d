using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace PrintStash.Ingestion.Tests.Formats.ThreeMf;

/// <summary>Builds small 3MF (zip) packages in memory for the tests.</summary>
internal static class TestPackage
{
    public const string CoreNamespace = "http://schemas.microsoft.com/3dmanufacturing/core/2015/02";
    public const string ProductionNamespace = "http://schemas.microsoft.com/3dmanufacturing/production/2015/06";

    public const string RootRelationships = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
         <Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>
        </Relationships>
        """;

    public static byte[] Zip(params (string Name, byte[] Data)[] entries) => Zip(CompressionLevel.Optimal, entries);

    public static byte[] Zip(CompressionLevel level, params (string Name, byte[] Data)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                var entry = archive.CreateEntry(name, level);
                using var stream = entry.Open();
                stream.Write(data);
            }
        }

        return buffer.ToArray();
    }

    public static (string Name, byte[] Data) Text(string name, string content) => (name, Encoding.UTF8.GetBytes(content));

    /// <summary>A minimal package: relationships + one root model.</summary>
    public static byte[] WithModel(string modelXml, params (string Name, byte[] Data)[] extra) =>
        Zip([Text("_rels/.rels", RootRelationships), Text("3D/3dmodel.model", modelXml), .. extra]);

    public static string Model(string resources, string build, string unit = "millimeter", string metadata = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <model unit="{unit}" xml:lang="en-US" xmlns="{CoreNamespace}" xmlns:p="{ProductionNamespace}">
         {metadata}
         <resources>
        {resources}
         </resources>
         <build>
        {build}
         </build>
        </model>
        """;

    /// <summary>An axis-aligned box mesh object from the origin to (sx, sy, sz), outward winding.</summary>
    public static string Box(int id, double sx, double sy, double sz, string? name = null)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"""  <object id="{id}" type="model"{(name is null ? string.Empty : $" name=\"{name}\"")}><mesh><vertices>""");
        foreach (var (x, y, z) in new[] { (0.0, 0.0, 0.0), (sx, 0, 0), (sx, sy, 0), (0, sy, 0), (0, 0, sz), (sx, 0, sz), (sx, sy, sz), (0, sy, sz) })
        {
            builder.Append(CultureInfo.InvariantCulture, $"""<vertex x="{x}" y="{y}" z="{z}"/>""");
        }

        builder.Append("</vertices><triangles>");
        int[][] triangles = [[0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4], [2, 3, 7], [2, 7, 6], [0, 4, 7], [0, 7, 3], [1, 2, 6], [1, 6, 5]];
        foreach (var t in triangles)
        {
            builder.Append(CultureInfo.InvariantCulture, $"""<triangle v1="{t[0]}" v2="{t[1]}" v3="{t[2]}"/>""");
        }

        builder.Append("</triangles></mesh></object>\n");
        return builder.ToString();
    }

    public static string Item(int objectId, string? transform = null, string? path = null) =>
        $"""  <item objectid="{objectId}"{(transform is null ? string.Empty : $" transform=\"{transform}\"")}{(path is null ? string.Empty : $" p:path=\"{path}\"")}/>""";

    /// <summary>Rewrites every DOS date and time in local and central headers (e.g. date 0 = "1980-00-00", which is invalid).</summary>
    public static byte[] WithDosDateTime(byte[] zip, ushort time, ushort date) => Patch(zip, (bytes, local, central) =>
    {
        foreach (var at in local)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 10), time);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 12), date);
        }

        foreach (var at in central)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 12), time);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 14), date);
        }
    });

    /// <summary>Overwrites the declared uncompressed size of every entry (local and central headers) with <paramref name="size"/>.</summary>
    public static byte[] WithDeclaredUncompressedSize(byte[] zip, uint size) => Patch(zip, (bytes, local, central) =>
    {
        foreach (var at in local)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 22), size);
        }

        foreach (var at in central)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 24), size);
        }
    });

    /// <summary>Walks the central directory (from the end record) to find every central and local header.</summary>
    private static byte[] Patch(byte[] zip, Action<byte[], List<int>, List<int>> patch)
    {
        var bytes = (byte[])zip.Clone();
        var end = bytes.Length - 22;
        while (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end)) != 0x06054b50)
        {
            end--;
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(end + 10));
        var at = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 16));
        var local = new List<int>();
        var central = new List<int>();
        for (var i = 0; i < count; i++)
        {
            central.Add(at);
            local.Add((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 42)));
            at += 46 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 28)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 30)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 32));
        }

        patch(bytes, local, central);
        return bytes;
    }
}
