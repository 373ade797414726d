namespace PrintStash.Ingestion.Formats.Mesh;

/// <summary>
/// One OBJ parse. Faces are resolved as they are read (OBJ only refers back to vertices already defined), so
/// memory is the vertex list plus the output triangles. Bad references skip the face and count as a problem.
/// </summary>
internal sealed class ObjParser
{
    private const int MaxLineBytes = 1024 * 1024;
    private const int MaxNames = 1000;
    private const int MaxFaceVertices = 65_536;
    private const int ApproxBytesPerTriangle = 40;

    private readonly MeshReadOptions _options;
    private readonly TriangleSink _sink;
    private readonly List<float> _vertices = [];
    private readonly List<string> _names = [];
    private readonly List<int> _face = [];
    private long _badVertexLines;
    private long _badFaces;
    private long _outOfRangeFaces;
    private long _longLines;
    private long _faces;

    public ObjParser(MeshReadOptions options, long? length)
    {
        var expected = length is { } total ? (int)Math.Clamp(total / ApproxBytesPerTriangle, 16, 1 << 20) : 1024;
        _options = options;
        _sink = new TriangleSink(options, expected);
    }

    public MeshReadResult Parse(Stream stream, CancellationToken cancellationToken)
    {
        var empty = true;
        using (var reader = new Utf8LineReader(stream, MaxLineBytes, cancellationToken))
        {
            while (reader.TryReadLine(out var line, out var tooLong))
            {
                empty = false;
                if (tooLong)
                {
                    _longLines++;
                    continue;
                }

                ParseLine(line);
            }
        }

        if (empty)
        {
            return new MeshReadResult(FileAnalysis.Empty(FileKind.Obj, "The file is empty."), null);
        }

        var problems = CollectProblems();
        var analysis = new FileAnalysis(FileKind.Obj, null, _sink.Statistics.ToMetadata(), [], _names, new Dictionary<string, string>(), problems);
        return new MeshReadResult(analysis, _options.IncludeGeometry ? _sink.ToMeshData() : null);
    }

    private void ParseLine(ReadOnlySpan<byte> line)
    {
        var rest = line;
        if (!AsciiTokens.Next(ref rest, out var keyword))
        {
            return;
        }

        if (keyword.SequenceEqual("v"u8))
        {
            if (AsciiTokens.TryParseFloat3(ref rest, out var x, out var y, out var z))
            {
                _vertices.Add(x);
                _vertices.Add(y);
                _vertices.Add(z);
            }
            else
            {
                // Keep numbering intact: later faces count vertices by position.
                _badVertexLines++;
                _vertices.Add(float.NaN);
                _vertices.Add(float.NaN);
                _vertices.Add(float.NaN);
            }
        }
        else if (keyword.SequenceEqual("f"u8))
        {
            ParseFace(rest);
        }
        else if (keyword.SequenceEqual("o"u8) && _names.Count < MaxNames)
        {
            var name = AsciiTokens.Remainder(rest);
            if (name.Length > 0)
            {
                _names.Add(name);
            }
        }
    }

    private void ParseFace(ReadOnlySpan<byte> rest)
    {
        _faces++;
        var vertexCount = _vertices.Count / 3;
        _face.Clear();
        while (AsciiTokens.Next(ref rest, out var token))
        {
            var slash = token.IndexOf((byte)'/');
            var indexText = slash >= 0 ? token[..slash] : token;
            if (!AsciiTokens.TryParseInt(indexText, out var index))
            {
                _badFaces++;
                return;
            }

            // 1-based; negative counts back from the last vertex defined so far.
            var resolved = index > 0 ? index - 1 : vertexCount + index;
            if (index == 0 || resolved < 0 || resolved >= vertexCount)
            {
                _outOfRangeFaces++;
                return;
            }

            if (_face.Count == MaxFaceVertices)
            {
                _badFaces++;
                return;
            }

            _face.Add(resolved);
        }

        if (_face.Count < 3)
        {
            _badFaces++;
            return;
        }

        for (var i = 1; i + 1 < _face.Count; i++)
        {
            Emit(_face[0], _face[i], _face[i + 1]);
        }
    }

    private void Emit(int a, int b, int c)
    {
        var v = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_vertices);
        var pa = v.Slice(a * 3, 3);
        var pb = v.Slice(b * 3, 3);
        var pc = v.Slice(c * 3, 3);
        _sink.Add(pa[0], pa[1], pa[2], pb[0], pb[1], pb[2], pc[0], pc[1], pc[2]);
    }

    private List<string> CollectProblems()
    {
        var problems = new List<string>();
        Add(problems, _longLines, "line(s) longer than 1 MiB were skipped.");
        Add(problems, _badVertexLines, "vertex line(s) without three numbers were kept as invalid vertices.");
        Add(problems, _badFaces, "face(s) with fewer than three vertices or unreadable indices were skipped.");
        Add(problems, _outOfRangeFaces, "face(s) referring to vertices that do not exist were skipped.");
        _sink.ReportProblems(problems);
        if (_sink.Triangles == 0)
        {
            problems.Add(_faces == 0 ? "The OBJ file has no faces." : "The OBJ file has no usable faces.");
        }

        return problems;
    }

    private static void Add(List<string> problems, long count, string message)
    {
        if (count > 0)
        {
            problems.Add($"{count} {message}");
        }
    }
}
