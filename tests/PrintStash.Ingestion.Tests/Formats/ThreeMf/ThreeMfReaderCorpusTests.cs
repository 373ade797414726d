using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.ThreeMf;
using PrintStash.Ingestion.Tests.Formats.Mesh;

namespace PrintStash.Ingestion.Tests.Formats.ThreeMf;

public sealed class ThreeMfReaderCorpusTests
{
    public static TheoryData<string> ThreeMfFiles => new(TestCorpus.Section("3mf").Select(e => e.GetProperty("file").GetString()!));

    [Theory]
    [MemberData(nameof(ThreeMfFiles))]
    public async Task ReadAsync_CorpusFile_ReachesManifestTriangleCountWithoutProblems(string file)
    {
        var entry = TestCorpus.Entry("3mf", file);
        var expectedTriangles = entry.GetProperty("objects").EnumerateArray().Sum(o => o.GetProperty("triangles").GetInt64());

        var result = await ThreeMfReader.ReadAsync(TestCorpus.File(file));

        Assert.Equal(FileKind.ThreeMf, result.Analysis.Kind);
        Assert.Empty(result.Analysis.Problems);
        Assert.Equal(expectedTriangles, result.Analysis.Mesh!.TriangleCount);
        Assert.Equal(expectedTriangles, result.Geometry!.TriangleCount);
        Assert.Equal("mm", result.Analysis.Mesh.Unit);
        Assert.Equal("millimeter", entry.GetProperty("unit").GetString());
    }

    [Theory]
    [MemberData(nameof(ThreeMfFiles))]
    public async Task ReadAsync_CorpusFile_ReportsManifestObjectNames(string file)
    {
        var entry = TestCorpus.Entry("3mf", file);
        var expected = entry.TryGetProperty("model_config_names", out var configNames)
            ? configNames.EnumerateArray().Select(n => n.GetString()!).Distinct().Order()
            : entry.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("name").GetString()!).Distinct().Order();

        var result = await ThreeMfReader.ReadAsync(TestCorpus.File(file));

        Assert.Equal(expected, result.Analysis.ObjectNames.Order());
    }

    [Theory]
    [MemberData(nameof(ThreeMfFiles))]
    public async Task ReadAsync_CorpusFile_ExtractsThumbnailWhenManifestHasOne(string file)
    {
        var hasThumbnail = TestCorpus.Entry("3mf", file).GetProperty("has_thumbnail").GetBoolean();

        var result = await ThreeMfReader.ReadAsync(TestCorpus.File(file));

        if (hasThumbnail)
        {
            var thumbnail = Assert.Single(result.Analysis.Thumbnails);
            Assert.Equal((256, 256, "image/png"), (thumbnail.Width, thumbnail.Height, thumbnail.MediaType));
        }
        else
        {
            Assert.Empty(result.Analysis.Thumbnails);
        }
    }

    [Theory]
    [MemberData(nameof(ThreeMfFiles))]
    public async Task ReadAsync_CorpusFile_CopiesSlicerConfigValuesAndApplication(string file)
    {
        var entry = TestCorpus.Entry("3mf", file);

        var raw = (await ThreeMfReader.ReadAsync(TestCorpus.File(file))).Analysis.RawValues;

        if (entry.TryGetProperty("config", out var config))
        {
            foreach (var property in config.EnumerateObject())
            {
                Assert.Equal(property.Value.GetString(), raw[property.Name]);
            }
        }

        if (entry.GetProperty("metadata").TryGetProperty("Application", out var application))
        {
            Assert.Equal(application.GetString(), raw["3mf.Application"]);
        }
    }

    [Theory]
    [InlineData("bracket.3mf", "bracket.stl")]
    [InlineData("spiral_mug.3mf", "spiral_mug.stl")]
    public async Task ReadAsync_OpenScadExportWithInvalidZipDates_MatchesSameModelStl(string file, string stl)
    {
        // OpenSCAD writes every zip entry dated 1980-00-00 (month and day 0): reading must not trip over it.
        var result = await ThreeMfReader.ReadAsync(TestCorpus.File(file));

        Assert.Empty(result.Analysis.Problems);
        MeshAssert.MatchesAdmesh(stl, result.Analysis.Mesh);
    }

    [Fact]
    public async Task ReadAsync_PrusaSlicerGuiPlate_AppliesBuildTransforms()
    {
        // The GUI stores each mesh centred on its own origin and places it with <item transform="… x y z">:
        // gear (45×45×10) at (131.285474, 120.757318, 5), bracket (40×30×30) at (86.214527, 91.742683, 15),
        // cube (20³) at (92.785474, 122.742683, 10). Without the transforms Z would run from −15 to 15.
        var result = await ThreeMfReader.ReadAsync(TestCorpus.File("ps25gui_plate3_project.3mf"));

        var mesh = result.Analysis.Mesh!;
        MeshAssert.Bounds(mesh.Bounds, (86.214527 - 20, 91.742683 - 15, 0), (131.285474 + 22.5, 120.757318 + 22.5, 30), 1e-4);
        MeshAssert.Close(SumOfAdmeshVolumes("gear.stl", "bracket.stl", "cube_text.stl"), mesh.VolumeMm3);
    }

    [Fact]
    public async Task ReadAsync_PrusaSlicerCliPlate_AppliesBuildTransformsToSourceCoordinates()
    {
        // The CLI keeps the STL coordinates and moves each object by its item transform:
        // gear (−22.5..22.5) by (21.285274, 10.757663), bracket (0..40, 0..30) by (−43.785274, −33.257663), cube by (−27.214726, 2.742337).
        var result = await ThreeMfReader.ReadAsync(TestCorpus.File("ps25_plate3_project.3mf"));

        var mesh = result.Analysis.Mesh!;
        MeshAssert.Bounds(mesh.Bounds, (-43.785274, -33.257663, 0), (21.285274 + 22.5, 10.757663 + 22.5, 30), 1e-4);
        MeshAssert.Close(SumOfAdmeshVolumes("gear.stl", "bracket.stl", "cube_text.stl"), mesh.VolumeMm3);
    }

    [Fact]
    public async Task ReadAsync_PrusaSlicerGuiSingleObject_IsCentredOnTheBed()
    {
        var result = await ThreeMfReader.ReadAsync(TestCorpus.File("ps25gui_boat_hull_project.3mf"));

        // boat_hull.stl spans 62.8 × 18 × 28 mm; the item transform puts its centre at (110, 110, 14).
        var mesh = result.Analysis.Mesh!;
        MeshAssert.Bounds(mesh.Bounds, (110 - 31.4, 110 - 9, 0), (110 + 31.4, 110 + 9, 28), 1e-4);
        MeshAssert.Close(TestCorpus.Admesh("boat_hull.stl", "volume"), mesh.VolumeMm3);
    }

    [Fact]
    public void Manifest_GuiPlateBuildTransforms_AreTheOnesTheTestAbovePlaces()
    {
        // Guard for the test above: the manifest states these item transforms.
        var items = TestCorpus.Entry("3mf", "ps25gui_plate3_project.3mf").GetProperty("build_items").EnumerateArray().Select(i => i[1].GetString()).ToList();

        Assert.Equal(
            ["1 0 0 0 1 0 0 0 1 131.285474 120.757318 5", "1 0 0 0 1 0 0 0 1 86.214527 91.742683 15", "1 0 0 0 1 0 0 0 1 92.785474 122.742683 10"],
            items);
    }

    private static double SumOfAdmeshVolumes(params string[] stlFiles) => stlFiles.Sum(f => TestCorpus.Admesh(f, "volume"));
}
