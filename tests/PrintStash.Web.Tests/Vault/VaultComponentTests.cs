using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;
using PrintStash.Web.Components.Vault;
using PrintStash.Web.Tests.TestSupport;
using AdminPages = PrintStash.Web.Components.Pages.Admin;
using LibraryPages = PrintStash.Web.Components.Pages.Library;
using ModelPages = PrintStash.Web.Components.Pages.Models;
using Pages = PrintStash.Web.Components.Pages;

namespace PrintStash.Web.Tests.Vault;

/// <summary>Vault components rendered to HTML with the in-box HtmlRenderer and the app's own services.</summary>
public sealed partial class VaultComponentTests
{
    // The options FileProcessor stores metadata with.
    private static readonly JsonSerializerOptions StoredJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    [Fact]
    public async Task FileMetadataPanel_PrintFile_ShowsPrintFactsObjectsAndProblems()
    {
        await using var app = new PrintStashAppFactory();
        var analysis = new FileAnalysis(FileKind.GCode,
            new PrintMetadata
            {
                EstimatedTime = TimeSpan.FromMinutes(65.4),
                FilamentLengthMm = 4321.5,
                FilamentWeightG = 12.94,
                FilamentType = "PLA",
                LayerHeightMm = 0.2,
                FirstLayerHeightMm = 0.3,
                NozzleTemperatureC = 215,
                BedTemperatureC = 60,
                Infill = "15%",
                LayerCount = 101,
                MaxZMm = 20.2,
                NozzleDiameterMm = 0.4,
                PrinterModel = "MK3S",
                Slicer = "PrusaSlicer",
                SlicerVersion = "2.5.0",
            },
            null,
            [new ExtractedThumbnail(16, 16, "image/png", new byte[64])],
            ["bracket.stl id:0 copy 0", "gear <1>"],
            new Dictionary<string, string> { ["layer_height"] = "0.2" },
            ["Filament weight was estimated from the length."]);

        var html = await RenderAsync<FileMetadataPanel>(app, UserRole.Viewer, new Dictionary<string, object?>
        {
            [nameof(FileMetadataPanel.File)] = File("bracket_pla.gcode", "GCode", JsonSerializer.Serialize(analysis, StoredJson), isPrintFile: true),
        });

        Assert.Contains("bracket_pla.gcode", html, StringComparison.Ordinal);
        Assert.Contains(">G-code<", html, StringComparison.Ordinal);
        Assert.Contains("<dd>1:05 h</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>4.32 m · 12.9 g · PLA</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Layer height</dt>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>0.2 mm</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>0.3 mm</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>215 °C</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>60 °C</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>15%</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>101</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>20.2 mm</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>Ø 0.4 mm</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>MK3S</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>PrusaSlicer 2.5.0</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Objects (2)", html, StringComparison.Ordinal);
        Assert.Contains("<li>gear <1></li>", html, StringComparison.Ordinal);
        Assert.Contains("Filament weight was estimated from the length.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Geometry", html, StringComparison.Ordinal);
        Assert.DoesNotContain("layer_height", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileMetadataPanel_Mesh_ShowsTrianglesSizeVolumeAndSurface()
    {
        await using var app = new PrintStashAppFactory();
        var analysis = new FileAnalysis(FileKind.Stl, null,
            new MeshMetadata(12_345, new BoundingBox(new Vector3(-10, -5, 0), new Vector3(10, 5, 5.25)), 1_234.5, 987.6, "millimeter"),
            [], [], new Dictionary<string, string>(), []);

        var html = await RenderAsync<FileMetadataPanel>(app, UserRole.Viewer, new Dictionary<string, object?>
        {
            [nameof(FileMetadataPanel.File)] = File("bracket.stl", "Stl", JsonSerializer.Serialize(analysis, StoredJson), isPrintFile: false),
        });

        Assert.Contains(">STL<", html, StringComparison.Ordinal);
        Assert.Contains("Geometry", html, StringComparison.Ordinal);
        Assert.Contains("<dd>12,345</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>20 × 10 × 5.3 mm</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>1.23 cm³</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>9.9 cm²</dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Estimated time", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Unit in the file", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileMetadataPanel_PendingAndFailed_SayWhereProcessingStands()
    {
        await using var app = new PrintStashAppFactory();

        var pending = await RenderAsync<FileMetadataPanel>(app, UserRole.Viewer, new Dictionary<string, object?>
        {
            [nameof(FileMetadataPanel.File)] = File("new.gcode", "GCode", null, isPrintFile: true) with { MetadataState = ProcessingState.Pending },
        });
        var failed = await RenderAsync<FileMetadataPanel>(app, UserRole.Viewer, new Dictionary<string, object?>
        {
            [nameof(FileMetadataPanel.File)] = File("broken.stl", "Stl", null, isPrintFile: false) with
            {
                MetadataState = ProcessingState.Failed,
                ThumbnailState = ProcessingState.Failed,
                ProcessingError = "processing failed: the stored file could not be read",
            },
        });
        var unreadable = await RenderAsync<FileMetadataPanel>(app, UserRole.Viewer, new Dictionary<string, object?>
        {
            [nameof(FileMetadataPanel.File)] = File("odd.stl", "Stl", "{not json", isPrintFile: false),
        });

        Assert.Contains("Reading the file", pending, StringComparison.Ordinal);
        Assert.Contains("could not be read", failed, StringComparison.Ordinal);
        Assert.Contains("processing failed: the stored file could not be read", failed, StringComparison.Ordinal);
        Assert.Contains("The stored metadata could not be read", unreadable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LibraryPage_EmptyVault_TellsDesignersToDropFilesAndViewersToAskADesigner()
    {
        await using var app = new PrintStashAppFactory();

        var designer = await RenderAsync<LibraryPages.LibraryPage>(app, UserRole.Designer);
        var viewer = await RenderAsync<LibraryPages.LibraryPage>(app, UserRole.Viewer);

        Assert.Contains("Drop STL, 3MF, G-code… here or click Upload", designer, StringComparison.Ordinal);
        Assert.Contains("type=\"file\"", designer, StringComparison.Ordinal);
        Assert.Contains("href=\"/library/trash\"", designer, StringComparison.Ordinal);
        Assert.Contains("ask a Designer", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"file\"", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("Drop STL", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("/library/trash", viewer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LibraryPage_WithModels_ShowsCardsWithThumbnailLinks()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var uploaded = await Uploads.CorpusFileAsync(client, "ps25gui_cube_text_pla020_png.gcode", "?tags=calibration");
        await Uploads.ProcessedAsync(client, uploaded.FileId!.Value);

        var html = await RenderAsync<LibraryPages.LibraryPage>(app, UserRole.Viewer);

        Assert.Contains($"href=\"/models/{uploaded.ModelId}\"", html, StringComparison.Ordinal);
        Assert.Contains("ps25gui_cube_text_pla020_png", html, StringComparison.Ordinal);
        Assert.Contains($"src=\"/api/v1/files/{uploaded.FileId}/thumbnail?size=small\"", html, StringComparison.Ordinal);
        Assert.Contains("loading=\"lazy\"", html, StringComparison.Ordinal);
        Assert.Contains("calibration", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"PLA\"", html, StringComparison.Ordinal); // the material filter offers the G-code's filament
        Assert.DoesNotContain("The library is empty", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelPage_ForViewerAndDesigner_ShowsEditControlsOnlyToTheDesigner()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var gcode = await Uploads.CorpusFileAsync(client, "ps25_bracket_pla020.gcode");
        await Uploads.CorpusFileAsync(client, "bracket.stl", $"?modelId={gcode.ModelId}");
        await Uploads.ProcessedAsync(client, gcode.FileId!.Value);
        var parameters = new Dictionary<string, object?> { [nameof(ModelPages.ModelPage.Id)] = gcode.ModelId!.Value };

        var viewer = await RenderAsync<ModelPages.ModelPage>(app, UserRole.Viewer, parameters);
        var designer = await RenderAsync<ModelPages.ModelPage>(app, UserRole.Designer, parameters);

        foreach (var html in new[] { viewer, designer })
        {
            Assert.Contains("ps25_bracket_pla020", html, StringComparison.Ordinal);
            Assert.Contains("Revision 1", html, StringComparison.Ordinal);
            Assert.Contains("Recommended", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"/api/v1/files/{gcode.FileId}/download\"", html, StringComparison.Ordinal);
            Assert.Contains("Estimated time", html, StringComparison.Ordinal);
        }

        Assert.Contains("Needs test", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("Move to trash", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"file\"", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("aria-label=\"Status of ps25_bracket_pla020.gcode\"", viewer, StringComparison.Ordinal);
        Assert.Contains("Move to trash", designer, StringComparison.Ordinal);
        Assert.Contains("type=\"file\"", designer, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Status of ps25_bracket_pla020.gcode\"", designer, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Move bracket.stl to the trash\"", designer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelPage_UnknownId_ShowsNotFoundEmptyState()
    {
        await using var app = new PrintStashAppFactory();

        var html = await RenderAsync<ModelPages.ModelPage>(app, UserRole.Viewer, new Dictionary<string, object?> { [nameof(ModelPages.ModelPage.Id)] = Guid.NewGuid() });

        Assert.Contains("There is no such model", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/library\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrashPage_WithATrashedModel_ShowsRetentionAndRestore()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var uploaded = await Uploads.CorpusFileAsync(client, "gear.stl");
        await HttpAssert.StatusAsync(await client.DeleteAsync($"/api/v1/models/{uploaded.ModelId}"), System.Net.HttpStatusCode.NoContent);

        var html = await RenderAsync<LibraryPages.TrashPage>(app, UserRole.Designer);

        Assert.Contains("stay in the trash for 30 days", html, StringComparison.Ordinal);
        Assert.Contains("gear", html, StringComparison.Ordinal);
        Assert.Contains($"data-restore=\"{uploaded.ModelId}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoragePage_AfterStartupCheck_SaysNoneIsTheNormalState()
    {
        await using var app = new PrintStashAppFactory();

        var html = await RenderAsync<AdminPages.Storage>(app, UserRole.Admin);

        Assert.Contains("Storage and index agree", html, StringComparison.Ordinal);
        Assert.Contains("\"None\" is the normal state", html, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(app.DataDir, "storage"), html, StringComparison.Ordinal);
        Assert.Contains("Rebuild index", html, StringComparison.Ordinal);
        Assert.Contains("Empty expired trash", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_WithModels_ShowsRecentModelsAboveGettingStarted()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var uploaded = await Uploads.CorpusFileAsync(client, "gear.stl");

        var html = await RenderAsync<Pages.Home>(app, UserRole.Viewer);

        Assert.Contains("Recent models", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/models/{uploaded.ModelId}\"", html, StringComparison.Ordinal);
        Assert.Contains("Getting started", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Nothing here yet", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("Recent models", StringComparison.Ordinal) < html.IndexOf("Getting started", StringComparison.Ordinal));
    }

    private static FileView File(string name, string kind, string? metadataJson, bool isPrintFile) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1, name, kind, isPrintFile, new string('a', 64), 123_456, IngestOrigin.BrowserUpload,
            new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc), null, PrintStatus.NeedsTest, null, null, isPrintFile,
            ProcessingState.Done, ProcessingState.Done, null, null, null, metadataJson, null, null, null, null, null);

    /// <summary>Renders a component as a signed-in user of this role, with the app's services; shared by the vault render tests.</summary>
    internal static async Task<string> RenderAsync<TComponent>(PrintStashAppFactory app, UserRole role, IDictionary<string, object?>? parameters = null)
        where TComponent : IComponent
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        ((IHostEnvironmentNavigationManager)services.GetRequiredService<NavigationManager>()).Initialize("http://localhost/", "http://localhost/");
        var principal = PrintStashClaims.CreatePrincipal(
            new User { Id = Guid.NewGuid(), UserName = "renderer", NormalizedUserName = "RENDERER", DisplayName = "Renderer", PasswordHash = "-", SecurityStamp = "-", Role = role },
            "Test");
        ((IHostEnvironmentAuthenticationStateProvider)services.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));

        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters ?? new Dictionary<string, object?>()));
            await output.QuiescenceTask;
            return Readable(output.ToHtmlString());
        });
    }

    /// <summary>Drops scoped-CSS attributes (b-xxxxxxxxxx) and decodes entities, so assertions read like the page.</summary>
    private static string Readable(string html) => WebUtility.HtmlDecode(ScopeAttribute().Replace(html, string.Empty));

    [GeneratedRegex(@" b-[a-z0-9]{10}(?==|\s|>|/)")]
    private static partial Regex ScopeAttribute();

}
