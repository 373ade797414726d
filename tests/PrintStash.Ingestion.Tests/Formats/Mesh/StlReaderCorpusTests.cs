using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.Mesh;

namespace PrintStash.Ingestion.Tests.Formats.Mesh;

public sealed class StlReaderCorpusTests
{
    public static TheoryData<string> StlFiles => new(TestCorpus.Section("stl").Select(e => e.GetProperty("file").GetString()!));

    [Theory]
    [MemberData(nameof(StlFiles))]
    public void Read_CorpusFile_MatchesAdmeshValues(string file)
    {
        var result = StlReader.Read(TestCorpus.File(file));

        Assert.Equal(FileKind.Stl, result.Analysis.Kind);
        Assert.Empty(result.Analysis.Problems);
        MeshAssert.MatchesAdmesh(file, result.Analysis.Mesh);
    }

    [Theory]
    [MemberData(nameof(StlFiles))]
    public void Read_CorpusFile_DetectsManifestFormat(string file)
    {
        var expected = TestCorpus.Entry("stl", file).GetProperty("format").GetString();

        var result = StlReader.Read(TestCorpus.File(file), MeshReadOptions.StatisticsOnly);

        Assert.Equal(expected, result.Analysis.RawValues["stl.format"]);
    }

    [Theory]
    [MemberData(nameof(StlFiles))]
    public void Read_CorpusFile_GeometryHoldsNineFloatsPerTriangle(string file)
    {
        var result = StlReader.Read(TestCorpus.File(file));

        Assert.NotNull(result.Geometry);
        Assert.Equal(result.Analysis.Mesh!.TriangleCount, result.Geometry.TriangleCount);
        Assert.Equal(result.Geometry.TriangleCount * 9, result.Geometry.Positions.Length);
    }

    [Fact]
    public void Read_BinaryWhoseHeaderStartsWithSolid_IsReadAsBinary()
    {
        var result = StlReader.Read(TestCorpus.File("bracket_binary_solid_header.stl"));

        Assert.Equal("binary", result.Analysis.RawValues["stl.format"]);
        Assert.StartsWith("solid bracket_binary", result.Analysis.RawValues["stl.header"], StringComparison.Ordinal);
        Assert.Equal(StlReader.Read(TestCorpus.File("bracket.stl")).Analysis.Mesh, result.Analysis.Mesh);
    }

    [Fact]
    public void Read_AsciiAndBinaryOfSameModel_AgreeOnGeometry()
    {
        var ascii = StlReader.Read(TestCorpus.File("tower_thin_admesh_ascii.stl")).Analysis.Mesh!;
        var binary = StlReader.Read(TestCorpus.File("tower_thin_admesh_bin.stl")).Analysis.Mesh!;

        Assert.Equal(binary.TriangleCount, ascii.TriangleCount);
        MeshAssert.Bounds(ascii.Bounds, (binary.Bounds!.Min.X, binary.Bounds.Min.Y, binary.Bounds.Min.Z), (binary.Bounds.Max.X, binary.Bounds.Max.Y, binary.Bounds.Max.Z));
        MeshAssert.Close(binary.VolumeMm3!.Value, ascii.VolumeMm3);
    }

    [Fact]
    public void Read_AsciiFile_ReportsSolidName()
    {
        var result = StlReader.Read(TestCorpus.File("gear_ascii.stl"));

        Assert.Equal(["OpenSCAD_Model"], result.Analysis.ObjectNames);
    }

    [Fact]
    public void Read_NonSeekableStream_GivesSameResultAsFile()
    {
        var path = TestCorpus.File("gear.stl");
        using var stream = new NonSeekableStream(File.OpenRead(path));

        var result = StlReader.Read(stream);

        Assert.Equal(StlReader.Read(path).Analysis.Mesh, result.Analysis.Mesh);
        Assert.Equal(1716, result.Geometry!.TriangleCount);
    }
}
