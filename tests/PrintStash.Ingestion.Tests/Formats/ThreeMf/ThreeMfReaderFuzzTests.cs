using PrintStash.Ingestion.Formats.ThreeMf;
using PrintStash.Ingestion.Tests.Formats.Mesh;

namespace PrintStash.Ingestion.Tests.Formats.ThreeMf;

public sealed class ThreeMfReaderFuzzTests
{
    [Theory]
    [InlineData("bracket.3mf")]
    [InlineData("ps25gui_plate3_project.3mf")]
    public async Task ReadAsync_CorruptedCorpusPackages_NeverThrow(string file)
    {
        // Corrupt sizes and offsets used to escape as IOException/ArgumentOutOfRangeException from the zip reader.
        var original = await File.ReadAllBytesAsync(TestCorpus.File(file));
        foreach (var corrupted in Mutations.Of(original, seed: 20_250_101, count: 200))
        {
            var result = await ThreeMfReader.ReadAsync(new MemoryStream(corrupted), file);

            Assert.NotNull(result.Analysis);
        }
    }
}
