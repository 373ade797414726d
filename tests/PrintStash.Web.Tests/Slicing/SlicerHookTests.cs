using System.Net;
using System.Net.Sockets;
using PrintStash.Domain.Entities;
using PrintStash.Web.Tests.TestSupport;
using PrintStash.Web.Tests.Vault;

namespace PrintStash.Web.Tests.Slicing;

/// <summary>
/// tools/printstash-upload.sh run by the real PrusaSlicer CLI (and directly, as the slicer would) against the app on a
/// real port: the file lands in the right model, the export never fails, and nothing is lost when the server is away.
/// </summary>
public sealed class SlicerHookTests : IDisposable
{
    private readonly TempDirectory work = new();

    private string Spool => Path.Combine(work.Path, "spool");

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task PrusaSlicerExport_WithHook_AddsGCodeToTheModelOfItsMesh()
    {
        var prusaSlicer = RequirePrusaSlicer();
        await using var app = KestrelApp.Start();
        var (client, key) = await DesignerAsync(app);
        var mesh = await Uploads.CorpusFileAsync(client, "bracket.stl");
        var output = Path.Combine(work.Path, "bracket_0.2mm_PLA.gcode");

        var run = await HookRunner.RunAsync(prusaSlicer,
            ["--export-gcode", "--load", HookRunner.SlicerConfig("generic_pla_0.2.ini"), "--post-process", HookRunner.HookScript, Corpus.PathOf("bracket.stl"), "-o", output],
            Environment(app, key));

        Assert.True(run.ExitCode == 0, run.ToString());
        // The slicer swallows a successful script's output; the hook's log keeps it.
        Assert.Contains("Matched the model by its object 'bracket.stl'", await File.ReadAllTextAsync(Path.Combine(work.Path, "printstash-upload.log")), StringComparison.Ordinal);
        var model = await Uploads.ModelAsync(client, mesh.ModelId!.Value);
        var gcode = Assert.Single(model.Revisions.SelectMany(r => r.Files), f => f.Name == "bracket_0.2mm_PLA.gcode");
        Assert.Equal("SlicerHook", gcode.Origin);
        Assert.Equal(1, gcode.Revision);
        Assert.True(gcode.Recommended);
        Assert.Equal(HookRunner.Sha256(output), gcode.Sha256); // the hook did not touch the G-code
        Assert.Contains("PLA", model.Tags);
        Assert.Contains("Vault Generic 0.4 Marlin2", model.Tags);

        var processed = await Uploads.ProcessedAsync(client, gcode.Id);
        Assert.Equal("Done", processed.MetadataState);
        Assert.NotEqual("Failed", processed.ThumbnailState);
        Assert.Contains("\"filamentType\":\"PLA\"", processed.Metadata!.ToString()!, StringComparison.Ordinal);
        Assert.NotNull(model.Revisions.SelectMany(r => r.Files).Single(f => f.Id == mesh.FileId).ThumbnailUrl ?? (await Uploads.ProcessedAsync(client, mesh.FileId!.Value)).ThumbnailUrl);
        Assert.Empty(SpooledFiles());
    }

    [Fact]
    public async Task PrusaSlicerExport_ServerDown_ExportSucceedsAndFlushUploadsTheSpool()
    {
        var prusaSlicer = RequirePrusaSlicer();
        var output = Path.Combine(work.Path, "vase 0.2mm.gcode");
        var environment = new Dictionary<string, string>
        {
            ["PRINTSTASH_URL"] = $"http://127.0.0.1:{UnusedPort()}",
            ["PRINTSTASH_API_KEY"] = "ps_not_checked_while_down",
            ["PRINTSTASH_SPOOL_DIR"] = Spool,
            ["HOME"] = work.Path,
        };

        var down = await HookRunner.RunAsync(prusaSlicer,
            ["--export-gcode", "--load", HookRunner.SlicerConfig("generic_pla_0.2.ini"), "--post-process", HookRunner.HookScript, Corpus.PathOf("vase.stl"), "-o", output],
            environment);

        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.True(File.Exists(output), down.ToString());
        var spooled = Assert.Single(SpooledFiles());
        Assert.Equal(HookRunner.Sha256(output), HookRunner.Sha256(spooled));

        await using var app = KestrelApp.Start();
        var (client, key) = await DesignerAsync(app);
        var flush = await HookRunner.RunAsync("/bin/sh", [HookRunner.HookScript, "--flush"], Environment(app, key));

        Assert.True(flush.ExitCode == 0, flush.ToString());
        Assert.Empty(SpooledFiles());
        var models = await Uploads.AllModelsAsync(client, "q=vase", 50);
        var model = await Uploads.ModelAsync(client, Assert.Single(models).Id);
        var file = Assert.Single(model.Revisions.SelectMany(r => r.Files));
        Assert.Equal("vase 0.2mm.gcode", file.Name);
        Assert.Equal("SlicerHook", file.Origin);
        Assert.Contains("PLA", model.Tags);
    }

    [Fact]
    public async Task Hook_WrongKey_ExitsZeroSpoolsAndSaysTheKeyWasRefused()
    {
        await using var app = KestrelApp.Start();
        await DesignerAsync(app);
        var gcode = CopyOfCorpus("ps25_bracket_pla020.gcode");
        var environment = Environment(app, "ps_wrong_key_0000000000000000");
        environment["SLIC3R_PP_OUTPUT_NAME"] = "/prints/bracket.gcode";

        var run = await HookRunner.RunAsync("/bin/sh", [HookRunner.HookScript, gcode], environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("refused the API key (HTTP 401)", run.StdErr, StringComparison.Ordinal);
        Assert.Single(SpooledFiles());
        await using var db = await app.Factory.CreateDbContextAsync();
        Assert.Empty(db.Files);
    }

    [Fact]
    public async Task Hook_NameWithSpacesQuotesAndUnicode_KeepsTheNameAndTheThumbnail()
    {
        await using var app = KestrelApp.Start();
        var (client, key) = await DesignerAsync(app);
        // A temp path with the same awkward characters, as the slicer may hand over.
        var gcode = CopyOfCorpus("ps25gui_cube_text_pla020_png.gcode", "it's \"quoted\" ; würfel.gcode.pp");
        var environment = Environment(app, key);
        environment["SLIC3R_PP_OUTPUT_NAME"] = "/home/me/prints/Würfel \"groß\" it's 0.2mm; PLA.gcode";
        environment["SLIC3R_FILAMENT_TYPE"] = "PLA;\"PETG HF\"";
        environment["SLIC3R_PRINTER_MODEL"] = "MK4S";

        var run = await HookRunner.RunAsync("/bin/sh", [HookRunner.HookScript, "--collection", "Printers/MK4 ✓", gcode], environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Würfel", run.StdErr, StringComparison.Ordinal);
        await using var db = await app.Factory.CreateDbContextAsync();
        var stored = Assert.Single(db.Files);
        Assert.Equal("Würfel groß it's 0.2mm; PLA.gcode", stored.DisplayName); // '"' is not allowed in display names
        var model = await Uploads.ModelAsync(client, stored.ModelId);
        Assert.Equal("MK4 ✓", model.Collection);
        Assert.Equal(["MK4S", "PETG HF", "PLA"], model.Tags.Order().ToArray());
        var processed = await Uploads.ProcessedAsync(client, stored.Id);
        Assert.Equal("Done", processed.ThumbnailState);
        Assert.Empty(SpooledFiles());
    }

    [Fact]
    public async Task Hook_TwoGigabyteGCode_StreamsWithoutHoldingItInMemory()
    {
        const long size = 2L * 1024 * 1024 * 1024 + 12345;
        await using var app = KestrelApp.Start(new Dictionary<string, string?> { ["PrintStash:Uploads:MaxFileMegabytes"] = "4096" });
        var (_, key) = await DesignerAsync(app);
        var gcode = Path.Combine(work.Path, "huge.gcode");
        await using (var file = File.Create(gcode))
        {
            await file.WriteAsync("; generated by PrusaSlicer 2.5.0\nG28\n"u8.ToArray());
            file.SetLength(size); // sparse: the rest reads as zeros
        }

        var environment = Environment(app, key);
        environment["SLIC3R_PP_OUTPUT_NAME"] = "huge.gcode";
        var run = await HookRunner.RunAsync("/usr/bin/time", ["-f", "maxrss_kb=%M", "/bin/sh", HookRunner.HookScript, gcode], environment, TimeSpan.FromMinutes(10));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("was added", run.StdErr, StringComparison.Ordinal);
        var maxRssKb = long.Parse(run.StdErr.Split("maxrss_kb=")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(maxRssKb < 64 * 1024, $"The hook's largest process used {maxRssKb} KiB for a {size}-byte upload.");
        await using var db = await app.Factory.CreateDbContextAsync();
        Assert.Equal(size, Assert.Single(db.Files).Size);
    }

    [Fact]
    public async Task Hook_NoConfiguration_ExitsZeroAndSpools()
    {
        var gcode = CopyOfCorpus("ps25_bracket_pla020.gcode");

        var run = await HookRunner.RunAsync("/bin/sh", [HookRunner.HookScript, gcode],
            new Dictionary<string, string> { ["PRINTSTASH_SPOOL_DIR"] = Spool, ["HOME"] = work.Path, ["PRINTSTASH_CONFIG"] = Path.Combine(work.Path, "none.conf") });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PRINTSTASH_URL and PRINTSTASH_API_KEY are not set", run.StdErr, StringComparison.Ordinal);
        Assert.Single(SpooledFiles());
    }

    private static string RequirePrusaSlicer() =>
        HookRunner.PrusaSlicer ?? throw new InvalidOperationException("prusa-slicer is not installed: apt-get install -y prusa-slicer (scripts/test.sh does this).");

    private static async Task<(HttpClient Client, string Key)> DesignerAsync(KestrelApp app)
    {
        var key = await app.Factory.CreateApiKeyAsync(await app.Factory.CreateUserAsync(UserRole.Designer));
        return (app.CreateApiClient(key), key);
    }

    private Dictionary<string, string> Environment(KestrelApp app, string key) => new()
    {
        ["PRINTSTASH_URL"] = app.BaseAddress.ToString(),
        ["PRINTSTASH_API_KEY"] = key,
        ["PRINTSTASH_SPOOL_DIR"] = Spool,
        ["HOME"] = work.Path,
    };

    private string CopyOfCorpus(string name, string? as_ = null)
    {
        var path = Path.Combine(work.Path, as_ ?? name);
        File.Copy(Corpus.PathOf(name), path);
        return path;
    }

    private IReadOnlyList<string> SpooledFiles() =>
        Directory.Exists(Spool) ? Directory.GetFiles(Spool, "*.gcode") : [];

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
