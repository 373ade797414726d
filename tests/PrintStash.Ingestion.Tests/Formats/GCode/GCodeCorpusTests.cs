using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.GCode;

namespace PrintStash.Ingestion.Tests.Formats.GCode;

/// <summary>Every G-code file of the shared corpus against the values its MANIFEST.json lists.</summary>
public sealed class GCodeCorpusTests
{
    private const double Tolerance = 1e-6;
    private const long TwoMiB = 2L << 20;

    public static TheoryData<string> Files() => GCodeManifest.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_CorpusFile_ReportsNoProblems(string file)
    {
        var (analysis, _) = await CorpusAnalysis.AnalyzeAsync(file);

        Assert.Equal(FileKind.GCode, analysis.Kind);
        Assert.Empty(analysis.Problems);
        Assert.NotEmpty(analysis.RawValues);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_CorpusFile_ReadsAtMostTwoMiB(string file)
    {
        var entry = GCodeManifest.Get(file);

        var (_, bytesRead) = await CorpusAnalysis.AnalyzeAsync(file);

        Assert.InRange(bytesRead, 1, TwoMiB);
        Assert.Equal(Math.Min(entry.Size, TwoMiB), bytesRead);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_CorpusFile_FindsSlicerAndVersion(string file)
    {
        var entry = GCodeManifest.Get(file);

        var print = await CorpusAnalysis.PrintAsync(file);

        var expected = entry.IsCura ? ("Cura", "4.13.0") : ("PrusaSlicer", "2.5.0");
        Assert.Equal(expected, (print.Slicer, print.SlicerVersion));
        Assert.Equal($"{print.Slicer} {print.SlicerVersion}", entry.Field("generator")!.Replace("Cura_SteamEngine", "Cura", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_CorpusFile_FindsEstimatedTime(string file)
    {
        var entry = GCodeManifest.Get(file);

        var print = await CorpusAnalysis.PrintAsync(file);

        Assert.NotNull(print.EstimatedTime);
        if (entry.IsPrusaSlicer)
        {
            Assert.Equal(GCodeManifest.ParseDhms(entry.Field("est_time_normal")!), print.EstimatedTime);
        }
        else
        {
            // Standalone CuraEngine writes ";TIME:6666"; the real total is the last ";TIME_ELAPSED:" (engine log: whole seconds).
            Assert.InRange(print.EstimatedTime.Value.TotalSeconds, entry.EngineLogSeconds!.Value - 1, entry.EngineLogSeconds.Value + 1);
            Assert.InRange(print.EstimatedTime.Value.TotalSeconds, entry.Number("last_time_elapsed")!.Value - 1, entry.Number("last_time_elapsed")!.Value + 1);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_CorpusFile_FindsFilament(string file)
    {
        var entry = GCodeManifest.Get(file);

        var print = await CorpusAnalysis.PrintAsync(file);

        if (entry.IsPrusaSlicer)
        {
            Assert.Equal(entry.Number("filament_mm")!.Value, print.FilamentLengthMm!.Value, Tolerance);
            Assert.Equal(entry.Number("filament_cm3")!.Value, print.FilamentVolumeCm3!.Value, Tolerance);
            Assert.Equal(entry.Number("total_filament_g")!.Value, print.FilamentWeightG!.Value, Tolerance);
            Assert.Equal(entry.Field("filament_type"), print.FilamentType);
        }
        else
        {
            // Not in the file: only the engine log knows the volume. The length is derived from the extrusion moves
            // (placeholder header) or read from the spliced header; 1.75 mm filament (Ender-3) turns it into the logged volume.
            var expectedMm = entry.EngineLogFilamentMm3!.Value / (Math.PI * 0.875 * 0.875);
            Assert.InRange(print.FilamentLengthMm!.Value, expectedMm * 0.995, expectedMm * 1.005);
            Assert.Null(print.FilamentVolumeCm3);
            Assert.Null(print.FilamentWeightG);
            Assert.Null(print.FilamentType);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_CorpusFile_FindsLayerValues(string file)
    {
        var entry = GCodeManifest.Get(file);

        var print = await CorpusAnalysis.PrintAsync(file);

        Assert.Equal(entry.Number(entry.IsCura ? "layer_height_header" : "layer_height")!.Value, print.LayerHeightMm!.Value, Tolerance);
        Assert.Equal(entry.IsCura ? entry.MinExtrudingZ : entry.Number("first_layer_height")!.Value, print.FirstLayerHeightMm!.Value, Tolerance);
        Assert.Equal((int)entry.Number(entry.IsCura ? "layer_count" : "layer_change_count")!.Value, print.LayerCount);
        Assert.Equal(entry.MaxExtrudingZ, print.MaxZMm!.Value, Tolerance);
        if (entry.IsPrusaSlicer)
        {
            Assert.Equal(entry.Number("last_Z_comment")!.Value, print.MaxZMm!.Value, Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_CorpusFile_FindsTemperatures(string file)
    {
        var entry = GCodeManifest.Get(file);

        var print = await CorpusAnalysis.PrintAsync(file);

        Assert.Equal(entry.Number(entry.IsCura ? "first_M109" : "temperature"), print.NozzleTemperatureC);
        Assert.Equal(entry.Number(entry.IsCura ? "first_M190" : "bed_temperature"), print.BedTemperatureC);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_CorpusFile_FindsPrinterAndNozzle(string file)
    {
        var entry = GCodeManifest.Get(file);

        var (analysis, _) = await CorpusAnalysis.AnalyzeAsync(file);

        var print = analysis.Print!;
        if (entry.IsPrusaSlicer)
        {
            Assert.Equal(entry.Field("printer_settings_id"), print.PrinterModel);
            Assert.Equal(entry.Number("nozzle_diameter"), print.NozzleDiameterMm);
            Assert.Equal(analysis.RawValues["fill_density"], print.Infill);
        }
        else
        {
            Assert.Null(print.PrinterModel);
            Assert.Null(print.NozzleDiameterMm);
            Assert.Null(print.Infill);
            Assert.Equal(entry.Field("flavor"), analysis.RawValues["FLAVOR"]);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnalyzeAsync_CorpusFile_FindsObjectNames(string file)
    {
        var entry = GCodeManifest.Get(file);

        var (analysis, _) = await CorpusAnalysis.AnalyzeAsync(file);

        Assert.Equal(entry.Objects.Order(StringComparer.Ordinal), analysis.ObjectNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_CuraPlaceholderHeader_IgnoresPlaceholderValues()
    {
        var (analysis, _) = await CorpusAnalysis.AnalyzeAsync("cura413_cube_text_pla020.gcode");

        Assert.Equal("6666", analysis.RawValues["TIME"]);
        Assert.Equal(TimeSpan.FromSeconds(1381), analysis.Print!.EstimatedTime);
        Assert.Equal(20, analysis.Print.MaxZMm!.Value, Tolerance);
        Assert.Equal(1264.84, analysis.Print.FilamentLengthMm!.Value, 0.01);
    }

    [Fact]
    public async Task AnalyzeAsync_CuraSplicedHeader_UsesHeaderValues()
    {
        var (analysis, _) = await CorpusAnalysis.AnalyzeAsync("cura413_cube_text_pla020_hdrpatched.gcode");

        Assert.Equal(TimeSpan.FromSeconds(1381), analysis.Print!.EstimatedTime);
        Assert.Equal(1264.84, analysis.Print.FilamentLengthMm!.Value, Tolerance);
        Assert.Equal(20, analysis.Print.MaxZMm!.Value, Tolerance);
    }

    [Fact]
    public async Task AnalyzeAsync_FileLargerThanTwoMiB_ReadsPrusaSummaryFromTail()
    {
        var entry = GCodeManifest.Get("ps25_plate3_pla020_klipperstyle.gcode");
        Assert.True(entry.Size > TwoMiB);

        var (analysis, bytesRead) = await CorpusAnalysis.AnalyzeAsync(entry.File);

        Assert.Equal(TwoMiB, bytesRead);
        Assert.Equal(TimeSpan.Parse("02:20:45", System.Globalization.CultureInfo.InvariantCulture), analysis.Print!.EstimatedTime);
        Assert.Equal(150, analysis.Print.LayerCount);
        Assert.Equal("prusaslicer_config", entry.Field("config_begin"));
        Assert.Equal("marlin2", analysis.RawValues["gcode_flavor"]);
    }

    [Fact]
    public async Task AnalyzeAsync_PathOverload_MatchesStreamOverload()
    {
        var path = CorpusFiles.File("ps25gui_cube_text_pla020_png.gcode");

        var fromPath = await GCodeReader.AnalyzeAsync(path, CancellationToken.None);
        var (fromStream, _) = await CorpusAnalysis.AnalyzeAsync("ps25gui_cube_text_pla020_png.gcode");

        Assert.Equal(fromStream.Print, fromPath.Print);
        Assert.Equal(fromStream.ObjectNames, fromPath.ObjectNames);
        Assert.Equal(fromStream.Thumbnails.Count, fromPath.Thumbnails.Count);
    }
}
