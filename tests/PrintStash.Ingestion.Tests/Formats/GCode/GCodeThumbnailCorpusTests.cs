using PrintStash.Ingestion.Imaging;
using PrintStash.Ingestion.Tests.Imaging;

namespace PrintStash.Ingestion.Tests.Formats.GCode;

/// <summary>Embedded thumbnails against the decoded copies in the corpus's thumbs_extracted folder.</summary>
public sealed class GCodeThumbnailCorpusTests
{
    public static TheoryData<string> Files() => GCodeManifest.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_CorpusFile_ExtractsManifestThumbnails(string file)
    {
        var entry = GCodeManifest.Get(file);

        var (analysis, _) = await CorpusAnalysis.AnalyzeAsync(file);

        var expected = entry.Thumbnails;
        Assert.Equal(expected.Count, analysis.Thumbnails.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var thumbnail = analysis.Thumbnails[i];
            Assert.Equal((expected[i].Width, expected[i].Height), (thumbnail.Width, thumbnail.Height));
            Assert.Equal(expected[i].Format == "JPG" ? "image/jpeg" : "image/png", thumbnail.MediaType);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_PngOrJpgThumbnail_IsByteEqualToExtractedCopy(string file)
    {
        var entry = GCodeManifest.Get(file);
        var stem = Path.GetFileNameWithoutExtension(file);

        var (analysis, _) = await CorpusAnalysis.AnalyzeAsync(file);

        foreach (var (expected, actual) in entry.Thumbnails.Zip(analysis.Thumbnails).Where(pair => pair.First.Format != "QOI"))
        {
            var extension = expected.Format == "JPG" ? "jpg" : "png";
            var reference = await File.ReadAllBytesAsync(CorpusFiles.ExtractedThumbnail($"{stem}_{expected.Width}x{expected.Height}.{extension}"));
            Assert.Equal(expected.DecodedBytes, actual.Data.Length);
            Assert.Equal(reference, actual.Data);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_QoiThumbnail_IsPngWithThePixelsOfExtractedQoi(string file)
    {
        var entry = GCodeManifest.Get(file);
        var stem = Path.GetFileNameWithoutExtension(file);

        var (analysis, _) = await CorpusAnalysis.AnalyzeAsync(file);

        foreach (var (expected, actual) in entry.Thumbnails.Zip(analysis.Thumbnails).Where(pair => pair.First.Format == "QOI"))
        {
            var qoi = QoiDecoder.Decode(await File.ReadAllBytesAsync(CorpusFiles.ExtractedThumbnail($"{stem}_{expected.Width}x{expected.Height}.qoi")));
            var png = ReferencePngDecoder.Decode(actual.Data);
            Assert.Equal((qoi.Width, qoi.Height), (png.Width, png.Height));
            Assert.Equal(qoi.Rgba, png.Rgba);
        }
    }

    [Fact]
    public void Manifest_ListsQoiThumbnails_SoTheQoiTheoryIsNotVacuous()
    {
        Assert.Contains(GCodeManifest.FileNames, name => GCodeManifest.Get(name).Thumbnails.Any(t => t.Format == "QOI"));
        Assert.Contains(GCodeManifest.FileNames, name => GCodeManifest.Get(name).Thumbnails.Any(t => t.Format == "JPG"));
    }
}
