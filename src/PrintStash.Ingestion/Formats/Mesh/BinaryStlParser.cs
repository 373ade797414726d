using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>
/// Streams 50-byte binary STL records through a pooled buffer: no per-triangle allocation, one exactly sized
/// position array (bounded by the bytes really present, never by the declared count).
/// </summary>
internal static class BinaryStlParser
{
    private const int ChunkTriangles = 32 * 1024;

    /// <param name="stream">Positioned anywhere after <paramref name="head"/>.</param>
    /// <param name="head">The first bytes of the file (at least the 84-byte preamble), already read from <paramref name="stream"/>.</param>
    /// <param name="length">File length when the stream can tell it.</param>
    public static MeshReadResult Parse(Stream stream, ReadOnlySpan<byte> head, long? length, MeshReadOptions options, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var declared = (long)StlFormat.ReadDeclaredCount(head);
        var count = ExpectedCount(declared, length, problems);

        float[]? positions = null;
        var keepGeometry = options.IncludeGeometry;
        var maxGeometry = Math.Min(options.MaxGeometryTriangles, Array.MaxLength / MeshData.FloatsPerTriangle);
        if (keepGeometry && count > maxGeometry)
        {
            keepGeometry = false;
            problems.Add($"The mesh has more than {maxGeometry} triangles; it was measured but not kept for rendering.");
        }

        if (keepGeometry && length.HasValue)
        {
            positions = GC.AllocateUninitializedArray<float>((int)count * MeshData.FloatsPerTriangle);
        }

        var statistics = MeshStatistics.Create();
        long read = 0;
        long nonFinite = 0;
        var stored = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkTriangles * StlFormat.RecordBytes);
        try
        {
            var leftover = head[StlFormat.PreambleBytes..];
            while (read < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var want = (int)Math.Min(count - read, ChunkTriangles) * StlFormat.RecordBytes;
                var fromHead = Math.Min(leftover.Length, want);
                leftover[..fromHead].CopyTo(buffer);
                leftover = leftover[fromHead..];
                var got = fromHead + stream.ReadAtLeast(buffer.AsSpan(fromHead, want - fromHead), want - fromHead, throwOnEndOfStream: false);
                var records = got / StlFormat.RecordBytes;
                if (keepGeometry)
                {
                    EnsureCapacity(ref positions, stored + records, count);
                }

                var destination = keepGeometry ? positions.AsSpan(stored * MeshData.FloatsPerTriangle) : default;
                stored += ProcessChunk(buffer.AsSpan(0, records * StlFormat.RecordBytes), destination, ref statistics, ref nonFinite);
                read += records;
                if (got < want)
                {
                    problems.Add($"The file ends after {read} of {count} declared triangles.");
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (nonFinite > 0)
        {
            problems.Add($"{nonFinite} triangle(s) with non-finite coordinates (NaN or infinity) were skipped.");
        }

        var raw = new Dictionary<string, string> { ["stl.format"] = "binary" };
        if (StlFormat.HeaderText(head) is { } header)
        {
            raw["stl.header"] = header;
        }

        var analysis = new FileAnalysis(FileKind.Stl, null, statistics.ToMetadata(), [], [], raw, problems);
        var geometry = keepGeometry && positions is not null ? new MeshData(positions, stored) : null;
        return new MeshReadResult(analysis, geometry);
    }

    /// <summary>The number of records to read: the declared count, corrected by the real file length.</summary>
    private static long ExpectedCount(long declared, long? length, List<string> problems)
    {
        if (length is not { } total)
        {
            return declared;
        }

        var available = (total - StlFormat.PreambleBytes) / StlFormat.RecordBytes;
        if (declared > available)
        {
            problems.Add($"The header declares {declared} triangles but the file holds only {available}; reading those.");
            return available;
        }

        if (declared == 0 && available > 0)
        {
            problems.Add($"The header declares 0 triangles but the file holds {available}; reading those.");
            return available;
        }

        var extra = total - StlFormat.PreambleBytes - (declared * StlFormat.RecordBytes);
        if (extra > 0)
        {
            problems.Add($"{extra} byte(s) after the last declared triangle were ignored.");
        }

        return declared;
    }

    private static void EnsureCapacity(ref float[]? positions, int triangles, long limit)
    {
        var needed = (long)triangles * MeshData.FloatsPerTriangle;
        if (positions is not null && positions.Length >= needed)
        {
            return;
        }

        var grown = Math.Min(Math.Max(needed, (positions?.LongLength ?? 0) * 2), limit * MeshData.FloatsPerTriangle);
        Array.Resize(ref positions, (int)grown);
    }

    private static int ProcessChunk(ReadOnlySpan<byte> records, Span<float> destination, ref MeshStatistics statistics, ref long nonFinite)
    {
        var keep = !destination.IsEmpty;
        var stored = 0;
        for (var offset = 0; offset + StlFormat.RecordBytes <= records.Length; offset += StlFormat.RecordBytes)
        {
            var record = records.Slice(offset + 12, 36);
            float x0, y0, z0, x1, y1, z1, x2, y2, z2;
            if (BitConverter.IsLittleEndian)
            {
                var v = MemoryMarshal.Cast<byte, float>(record);
                (x0, y0, z0, x1, y1, z1, x2, y2, z2) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
            }
            else
            {
                x0 = BinaryPrimitives.ReadSingleLittleEndian(record);
                y0 = BinaryPrimitives.ReadSingleLittleEndian(record[4..]);
                z0 = BinaryPrimitives.ReadSingleLittleEndian(record[8..]);
                x1 = BinaryPrimitives.ReadSingleLittleEndian(record[12..]);
                y1 = BinaryPrimitives.ReadSingleLittleEndian(record[16..]);
                z1 = BinaryPrimitives.ReadSingleLittleEndian(record[20..]);
                x2 = BinaryPrimitives.ReadSingleLittleEndian(record[24..]);
                y2 = BinaryPrimitives.ReadSingleLittleEndian(record[28..]);
                z2 = BinaryPrimitives.ReadSingleLittleEndian(record[32..]);
            }

            if (!MeshStatistics.IsFinite(x0, y0, z0, x1, y1, z1, x2, y2, z2))
            {
                nonFinite++;
                continue;
            }

            statistics.Add(x0, y0, z0, x1, y1, z1, x2, y2, z2);
            if (keep)
            {
                var d = destination.Slice(stored * MeshData.FloatsPerTriangle, MeshData.FloatsPerTriangle);
                d[8] = z2;
                d[0] = x0;
                d[1] = y0;
                d[2] = z0;
                d[3] = x1;
                d[4] = y1;
                d[5] = z1;
                d[6] = x2;
                d[7] = y2;
            }

            stored++;
        }

        return stored;
    }
}
