using PrintStash.Ingestion.Formats.Mesh;

namespace PrintStash.Ingestion.Tests.Formats.Mesh;

public sealed class MeshReaderFuzzTests
{
    [Theory]
    [InlineData("cube_text.stl")]
    [InlineData("gear_ascii.stl")]
    [InlineData("bracket_binary_solid_header.stl")]
    public void StlRead_CorruptedCorpusFiles_NeverThrowAndStayFinite(string file)
    {
        foreach (var corrupted in Mutations.Of(File.ReadAllBytes(TestCorpus.File(file)), seed: 7, count: 80))
        {
            var result = StlReader.Read(new MemoryStream(corrupted));

            if (result.Analysis.Mesh is { } mesh)
            {
                MeshAssert.AllFinite(mesh);
            }
        }
    }

    [Fact]
    public void ObjRead_CorruptedCorpusFile_NeverThrowsAndStaysFinite()
    {
        foreach (var corrupted in Mutations.Of(File.ReadAllBytes(TestCorpus.File("ps25_gear.obj")), seed: 11, count: 80))
        {
            var result = ObjReader.Read(new MemoryStream(corrupted));

            if (result.Analysis.Mesh is { } mesh)
            {
                MeshAssert.AllFinite(mesh);
            }
        }
    }
}
