using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Simulation.Moonraker;
using PrintStash.Web.Tests.Printers;
using PrintStash.Web.Tests.TestSupport;
using PrintStash.Web.Tests.Vault;

namespace PrintStash.Web.Tests.Slicing;

/// <summary>
/// The request sequences PrusaSlicer/SuperSlicer/OrcaSlicer (OctoPrint host type) and Cura's OctoPrint plugin send,
/// byte for byte as protocols.md §4 describes them, against the app.
/// </summary>
public sealed class OctoPrintApiTests
{
    private const string GCodeName = "ps25_bracket_pla020.gcode";

    [Fact]
    public async Task PrusaSlicerSequence_VersionThenUpload_StoresFileInNestedCollection()
    {
        await using var app = new PrintStashAppFactory();
        using var slicer = await SlicerAsync(app);

        using var version = await slicer.GetAsync("/api/version");
        var versionJson = await JsonAsync(version, HttpStatusCode.OK);
        Assert.True(versionJson.TryGetProperty("api", out _));
        Assert.StartsWith("OctoPrint", versionJson.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(versionJson.GetProperty("server").GetString()));

        using var upload = await slicer.PostAsync("/api/files/local",
            Multipart(("print", "false"), ("path", "farm/batch-12"), File("bracket_0.2mm_PLA_MK3S_1h32m.gcode", Corpus.Bytes(GCodeName))));

        var body = await JsonAsync(upload, HttpStatusCode.Created);
        Assert.True(body.GetProperty("done").GetBoolean());
        Assert.False(body.GetProperty("effectivePrint").GetBoolean());
        var local = body.GetProperty("files").GetProperty("local");
        Assert.Equal("bracket_0.2mm_PLA_MK3S_1h32m.gcode", local.GetProperty("name").GetString());
        Assert.Equal("farm/batch-12/bracket_0.2mm_PLA_MK3S_1h32m.gcode", local.GetProperty("path").GetString());
        Assert.Equal("local", local.GetProperty("origin").GetString());
        var download = local.GetProperty("refs").GetProperty("download").GetString()!;
        Assert.Equal(local.GetProperty("refs").GetProperty("resource").GetString(), upload.Headers.Location!.ToString());

        using var bytes = await slicer.GetAsync(new Uri(download).PathAndQuery);
        Assert.Equal(Corpus.Bytes(GCodeName), await bytes.Content.ReadAsByteArrayAsync());
        await using var db = await app.CreateDbContextAsync();
        var file = await db.Files.Include(f => f.Model!).ThenInclude(m => m.Collection!).ThenInclude(c => c.Parent).SingleAsync();
        Assert.Equal(IngestOrigin.OctoPrintApi, file.Origin);
        Assert.Equal("batch-12", file.Model!.Collection!.Name);
        Assert.Equal("farm", file.Model.Collection.Parent!.Name);
    }

    [Fact]
    public async Task OrcaSlicerSequence_UploadOfGCodeOfKnownMesh_JoinsThatModel()
    {
        await using var app = new PrintStashAppFactory();
        using var slicer = await SlicerAsync(app);
        using var designer = app.CreateApiClient(slicer.DefaultRequestHeaders.GetValues("X-Api-Key").Single());
        var mesh = await Uploads.CorpusFileAsync(designer, "bracket.stl");

        using var version = await slicer.GetAsync("/api/version");
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        using var upload = await slicer.PostAsync("/api/files/local",
            Multipart(("print", "false"), ("path", ""), File("Plate_1_0.2mm.gcode", Corpus.Bytes(GCodeName))));

        var body = await JsonAsync(upload, HttpStatusCode.Created);
        Assert.Equal(mesh.ModelId, body.GetProperty("modelId").GetGuid());
        Assert.Contains("Matched the model by its object 'bracket.stl'", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CuraPluginSequence_PollsThenUploadsWithSelectAndPrint_StoresAndSaysNothingPrinted()
    {
        await using var app = new PrintStashAppFactory();
        using var cura = app.CreateApiClient(await app.CreateApiKeyAsync(await app.CreateUserAsync(UserRole.Operator)), useXApiKeyHeader: true);

        using var settings = await cura.GetAsync("/api/settings");
        Assert.False((await JsonAsync(settings, HttpStatusCode.OK)).GetProperty("feature").GetProperty("sdSupport").GetBoolean());
        using var printer = await cura.GetAsync("/api/printer");
        Assert.Equal(HttpStatusCode.Conflict, printer.StatusCode);
        using var job = await cura.GetAsync("/api/job");
        Assert.Equal("Offline", (await JsonAsync(job, HttpStatusCode.OK)).GetProperty("state").GetString());

        // Cura's parts carry no Content-Type and come in the order select, print, file.
        using var upload = await cura.PostAsync("/octoprint/mk3-07/api/files/local",
            Multipart(("select", "true"), ("print", "true"), File("CE3_bracket.gcode", Corpus.Bytes("cura413_bracket_pla020.gcode"), contentType: null)));

        var error = await JsonAsync(upload, HttpStatusCode.Conflict);
        Assert.Contains("not printed: There is no printer 'mk3-07'", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal("CE3_bracket.gcode", (await db.Files.SingleAsync()).DisplayName);
    }

    [Fact]
    public async Task UploadAndPrint_WithDesignerKey_StoresTheFileButDoesNotPrint()
    {
        await using var app = new PrintStashAppFactory();
        using var slicer = await SlicerAsync(app);

        using var upload = await slicer.PostAsync("/api/files/local", Multipart(("print", "true"), File("a.gcode", Corpus.Bytes(GCodeName))));

        var error = await JsonAsync(upload, HttpStatusCode.Forbidden);
        Assert.Contains("needs the Operator role", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal("a.gcode", (await db.Files.SingleAsync()).DisplayName);
    }

    [Fact]
    public async Task UploadAndPrint_WithoutPrefixOrDefaultPrinter_StoresTheFileAndSaysWhy()
    {
        await using var app = new PrintStashAppFactory();
        using var slicer = app.CreateApiClient(await app.CreateApiKeyAsync(await app.CreateUserAsync(UserRole.Operator)), useXApiKeyHeader: true);

        using var upload = await slicer.PostAsync("/api/files/local", Multipart(("print", "true"), File("a.gcode", Corpus.Bytes(GCodeName))));

        var error = await JsonAsync(upload, HttpStatusCode.Conflict);
        Assert.Contains("No default printer is configured", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal("a.gcode", (await db.Files.SingleAsync()).DisplayName);
    }

    [Fact]
    public async Task UploadAndPrint_UnderAPrinterPrefix_StartsThePrintOnThatPrinter()
    {
        await using var simulator = new MoonrakerSimulator();
        await simulator.StartAsync();
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        var printer = await SimulatedPrinters.CreateOnlineAsync(admin, simulator.Address);
        using var slicer = app.CreateApiClient(await app.CreateApiKeyAsync(await app.CreateUserAsync(UserRole.Operator)), useXApiKeyHeader: true);

        using var upload = await slicer.PostAsync($"/octoprint/{printer.Slug}/api/files/local",
            Multipart(("print", "true"), File("bracket.gcode", Corpus.Bytes(GCodeName))));

        var json = await JsonAsync(upload, HttpStatusCode.Created);
        Assert.True(json.GetProperty("done").GetBoolean());
        await SimulatedPrinters.Eventually(() => simulator.PrintState == "printing", "the printer prints the upload");
    }

    [Fact]
    public async Task Upload_WithoutFilePart_Is400InWords()
    {
        await using var app = new PrintStashAppFactory();
        using var slicer = await SlicerAsync(app);

        using var response = await slicer.PostAsync("/api/files/local", Multipart(("print", "false"), ("path", "")));

        var error = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("no file part", error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("farm/../../x")]
    [InlineData("..\\windows")]
    [InlineData("C:/temp")]
    public async Task Upload_PathTraversal_Is400AndStoresNothing(string path)
    {
        await using var app = new PrintStashAppFactory();
        using var slicer = await SlicerAsync(app);

        using var response = await slicer.PostAsync("/api/files/local", Multipart(("print", "false"), ("path", path), File("a.gcode", Corpus.Bytes(GCodeName))));

        var error = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("is not allowed", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(db.Files);
        Assert.Empty(db.Collections);
    }

    [Fact]
    public async Task Upload_WrongKey_IsRefused()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        using var slicer = app.CreateApiClient("ps_0000000000000000000000000000", useXApiKeyHeader: true);

        using var version = await slicer.GetAsync("/api/version");
        using var upload = await slicer.PostAsync("/api/files/local", Multipart(("print", "false"), File("a.gcode", Corpus.Bytes(GCodeName))));

        Assert.Equal(HttpStatusCode.Unauthorized, version.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(db.Files);
    }

    [Fact]
    public async Task Upload_ViewerKey_IsForbidden()
    {
        await using var app = new PrintStashAppFactory();
        using var viewer = app.CreateApiClient(await app.CreateApiKeyAsync(await app.CreateUserAsync(UserRole.Viewer)), useXApiKeyHeader: true);

        using var upload = await viewer.PostAsync("/api/files/local", Multipart(("print", "false"), File("a.gcode", Corpus.Bytes(GCodeName))));

        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
    }

    [Fact]
    public async Task Upload_Oversize_Is413AndLeavesNoFile()
    {
        await using var app = new PrintStashAppFactory(settings: new Dictionary<string, string?> { ["PrintStash:Uploads:MaxFileMegabytes"] = "1" });
        using var slicer = await SlicerAsync(app);

        using var response = await slicer.PostAsync("/api/files/local", Multipart(("print", "false"), File("big.gcode", new byte[3 * 1024 * 1024])));

        var error = await JsonAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("too large", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(db.Files);
        Assert.DoesNotContain(Directory.EnumerateFiles(app.DataDir, "*", SearchOption.AllDirectories), f => f.Contains("blobs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_UnsupportedType_Is415()
    {
        await using var app = new PrintStashAppFactory();
        using var slicer = await SlicerAsync(app);

        using var response = await slicer.PostAsync("/api/files/local", Multipart(("print", "false"), File("notes.txt", "hello"u8.ToArray())));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Upload_SdCardStorage_Is404()
    {
        await using var app = new PrintStashAppFactory();
        using var slicer = await SlicerAsync(app);

        using var response = await slicer.PostAsync("/api/files/sdcard", Multipart(("print", "false"), File("a.gcode", Corpus.Bytes(GCodeName))));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<HttpClient> SlicerAsync(PrintStashAppFactory app) =>
        app.CreateApiClient(await app.CreateApiKeyAsync(await app.CreateUserAsync(UserRole.Designer)), useXApiKeyHeader: true);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed record Part(string Name, byte[] Body, string? FileName = null, string? ContentType = null);

    private static Part File(string fileName, byte[] content, string? contentType = "application/octet-stream") => new("file", content, fileName, contentType);

    private static ByteArrayContent Multipart(params object[] parts)
    {
        // Built by hand, like libcurl and Qt do, so the bytes are exactly what the slicers send.
        const string boundary = "------------------------a1b2c3d4e5f6";
        using var body = new MemoryStream();
        foreach (var item in parts)
        {
            var part = item switch
            {
                (string name, string value) => new Part(name, Encoding.UTF8.GetBytes(value)),
                Part p => p,
                _ => throw new ArgumentException("part"),
            };
            var header = new StringBuilder().Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Disposition: form-data; name=\"").Append(part.Name).Append('"');
            if (part.FileName is not null)
            {
                header.Append("; filename=\"").Append(part.FileName).Append('"');
            }

            header.Append("\r\n");
            if (part.ContentType is not null)
            {
                header.Append("Content-Type: ").Append(part.ContentType).Append("\r\n");
            }

            body.Write(Encoding.UTF8.GetBytes(header.Append("\r\n").ToString()));
            body.Write(part.Body);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }
}
