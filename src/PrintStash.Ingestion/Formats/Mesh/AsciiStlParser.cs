namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>
/// Reads ASCII STL line by line. Tolerant: only <c>vertex</c> lines make geometry (loops with more than three
/// vertices are fan-triangulated), several <c>solid</c> blocks are allowed, and anything malformed becomes a problem.
/// </summary>
internal static class AsciiStlParser
{
    private const int MaxLineBytes = 64 * 1024;
    private const int MaxNames = 1000;
    private const int ApproxBytesPerTriangle = 250;

    public static MeshReadResult Parse(Stream stream, ReadOnlySpan<byte> head, long? length, MeshReadOptions options, CancellationToken cancellationToken)
    {
        var expected = length is { } total ? (int)Math.Clamp(total / ApproxBytesPerTriangle, 16, 1 << 20) : 1024;
        var sink = new TriangleSink(options, expected);
        var names = new List<string>();
        var problems = new List<string>();
        long facets = 0, badVertexLines = 0, shortLoops = 0, unknownLines = 0, longLines = 0;
        var loopVertices = 0;
        float ax = 0, ay = 0, az = 0, bx = 0, by = 0, bz = 0;

        using (var reader = new Utf8LineReader(stream, MaxLineBytes, cancellationToken, head))
        {
            while (reader.TryReadLine(out var line, out var tooLong))
            {
                if (tooLong)
                {
                    longLines++;
                    continue;
                }

                var rest = line;
                if (!AsciiTokens.Next(ref rest, out var keyword))
                {
                    continue;
                }

                if (AsciiTokens.Is(keyword, "vertex"u8))
                {
                    if (!AsciiTokens.TryParseFloat3(ref rest, out var x, out var y, out var z))
                    {
                        badVertexLines++;
                        continue;
                    }

                    if (loopVertices == 0)
                    {
                        (ax, ay, az) = (x, y, z);
                    }
                    else if (loopVertices >= 2)
                    {
                        sink.Add(ax, ay, az, bx, by, bz, x, y, z);
                    }

                    (bx, by, bz) = (x, y, z);
                    loopVertices++;
                }
                else if (AsciiTokens.Is(keyword, "facet"u8))
                {
                    facets++;
                    loopVertices = 0;
                }
                else if (AsciiTokens.Is(keyword, "outer"u8))
                {
                    loopVertices = 0;
                }
                else if (AsciiTokens.Is(keyword, "endloop"u8) || AsciiTokens.Is(keyword, "endfacet"u8))
                {
                    if (loopVertices is > 0 and < 3)
                    {
                        shortLoops++;
                    }

                    loopVertices = 0;
                }
                else if (AsciiTokens.Is(keyword, "solid"u8))
                {
                    var name = AsciiTokens.Remainder(rest);
                    if (name.Length > 0 && names.Count < MaxNames)
                    {
                        names.Add(name);
                    }
                }
                else if (!AsciiTokens.Is(keyword, "endsolid"u8))
                {
                    unknownLines++;
                }
            }
        }

        AddCount(problems, longLines, "line(s) longer than 64 KiB were skipped.");
        AddCount(problems, badVertexLines, "vertex line(s) without three numbers were skipped.");
        AddCount(problems, shortLoops, "facet(s) with fewer than three vertices were skipped.");
        AddCount(problems, unknownLines, "line(s) that are not STL keywords were ignored.");
        sink.ReportProblems(problems);
        if (sink.Triangles == 0 && sink.NonFiniteTriangles == 0)
        {
            problems.Add(facets == 0 ? "The ASCII STL holds no facets." : "The ASCII STL holds no usable triangles.");
        }

        var raw = new Dictionary<string, string> { ["stl.format"] = "ascii" };
        var analysis = new FileAnalysis(FileKind.Stl, null, sink.Statistics.ToMetadata(), [], names, raw, problems);
        return new MeshReadResult(analysis, options.IncludeGeometry ? sink.ToMeshData() : null);
    }

    private static void AddCount(List<string> problems, long count, string message)
    {
        if (count > 0)
        {
            problems.Add($"{count} {message}");
        }
    }
}
