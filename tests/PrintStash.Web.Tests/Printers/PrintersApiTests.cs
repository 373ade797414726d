using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Simulation.Moonraker;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;
using PrintStash.Web.Tests.Vault;

namespace PrintStash.Web.Tests.Printers;

/// <summary>The printers API against the real hub, supervisors and Moonraker driver, with a Moonraker simulator on loopback.</summary>
public sealed class PrintersApiTests
{
    private const string Path = "/api/v1/printers";

    [Fact]
    public async Task Create_UnknownKind_IsAFieldProblemAndStoresNothing()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.PostAsJsonAsync(Path, new PrinterRequest("Voron", "OctoPrint", "http://127.0.0.1:1", null));

        var problem = await ValidationAsync(response);
        Assert.Contains("Moonraker, Bambu or PrusaLink", Assert.Single(problem.Errors["Kind"]), StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.Printers.ToListAsync());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Create_KindAsNumberOrMissing_IsRejected(string? kind)
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.PostAsJsonAsync(Path, new PrinterRequest("Voron", kind, "http://127.0.0.1:1", null));

        Assert.True((await ValidationAsync(response)).Errors.ContainsKey("Kind"));
    }

    [Fact]
    public async Task Create_WithoutBody_ExplainsWhatToSend()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        using var response = await admin.PostAsync(Path, JsonContent.Create<PrinterRequest?>(null));

        Assert.True((await ValidationAsync(response)).Errors.ContainsKey("body"));
    }

    [Fact]
    public async Task Crud_SecretIsEncryptedAtRestAndNeverReturned()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        const string secret = "moonraker-api-key-0123456789";

        using var created = await admin.PostAsJsonAsync(Path, new PrinterRequest("Voron 2.4", "moonraker", "http://127.0.0.1:9", secret, Location: "Workshop", Tags: ["farm-a", " "]));
        var printer = await HttpAssert.JsonAsync<PrinterResponse>(created, HttpStatusCode.Created);
        Assert.Equal($"{Path}/{printer.Id}", created.Headers.Location?.OriginalString);
        Assert.True(printer.HasSecret);
        Assert.Equal("Moonraker", printer.Kind);
        Assert.Equal(["farm-a"], printer.Tags);
        Assert.DoesNotContain(secret, await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using (var db = await app.CreateDbContextAsync())
        {
            var row = await db.Printers.SingleAsync();
            Assert.NotNull(row.ProtectedSecret);
            Assert.DoesNotContain(secret, row.ProtectedSecret, StringComparison.Ordinal);
        }

        // Update without a secret keeps the stored one.
        using var updated = await admin.PutAsJsonAsync($"{Path}/{printer.Id}", new PrinterRequest("Voron 2.4 (left)", "Moonraker", "http://127.0.0.1:9", null, Location: "Workshop"));
        var changed = await HttpAssert.JsonAsync<PrinterResponse>(updated);
        Assert.Equal("Voron 2.4 (left)", changed.Name);
        Assert.True(changed.HasSecret);

        var list = await HttpAssert.JsonAsync<List<PrinterResponse>>(await admin.GetAsync(Path));
        Assert.Equal(printer.Id, Assert.Single(list).Id);
        Assert.DoesNotContain(secret, await (await admin.GetAsync(Path)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await HttpAssert.StatusAsync(await admin.DeleteAsync($"{Path}/{printer.Id}"), HttpStatusCode.NoContent);
        await HttpAssert.StatusAsync(await admin.GetAsync($"{Path}/{printer.Id}"), HttpStatusCode.NotFound);
        await HttpAssert.StatusAsync(await admin.DeleteAsync($"{Path}/{printer.Id}"), HttpStatusCode.NotFound);
        Assert.NotEmpty(await app.AuditEventsAsync("printer.created"));
    }

    [Fact]
    public async Task Test_UnreachablePrinter_ReportsTheAddressField()
    {
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        var result = await HttpAssert.JsonAsync<PrinterTestResponse>(
            await admin.PostAsJsonAsync($"{Path}/test", new PrinterRequest("Bench", "Moonraker", "http://127.0.0.1:9", null)));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Field == "Address");
    }

    [Fact]
    public async Task Test_Simulator_SucceedsWithASummary()
    {
        await using var simulator = new MoonrakerSimulator();
        await simulator.StartAsync();
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        var result = await HttpAssert.JsonAsync<PrinterTestResponse>(
            await admin.PostAsJsonAsync($"{Path}/test", new PrinterRequest("Bench", "Moonraker", simulator.Address, null)));

        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => $"{p.Field}: {p.Message}")));
        Assert.False(string.IsNullOrWhiteSpace(result.Summary));
    }

    [Fact]
    public async Task Send_VaultGcode_StartsThePrintAndTheJobIsLinkedToFileAndUser()
    {
        await using var simulator = new MoonrakerSimulator();
        await simulator.StartAsync();
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        var operatorUser = await app.CreateUserAsync(UserRole.Operator);
        using var operatorClient = app.CreateApiClient(await app.CreateApiKeyAsync(operatorUser));
        var gcode = SampleGcode.Create(TimeSpan.FromMinutes(12), seed: 7);
        var upload = Assert.Single((await HttpAssert.JsonAsync<UploadResponse>(await Uploads.SendAsync(admin, "", ("cube.gcode", gcode)), HttpStatusCode.Created)).Results);
        var printer = await SimulatedPrinters.CreateOnlineAsync(admin, simulator.Address);

        using var sent = await operatorClient.PostAsJsonAsync($"{Path}/{printer.Id}/send", new SendFileRequest(upload.FileId!.Value, Start: true));

        await HttpAssert.StatusAsync(sent, HttpStatusCode.NoContent);
        await SimulatedPrinters.Eventually(() => simulator.PrintState == "printing", "the simulator prints");
        // Commands are checked against what PrintStash sees, which follows the printer by one status update.
        await SimulatedPrinters.Eventually(async () =>
        {
            var live = await HttpAssert.JsonAsync<PrinterResponse>(await operatorClient.GetAsync($"{Path}/{printer.Id}"));
            return live.Live is { Activity: "Printing" } ? live : null;
        }, "PrintStash sees the print");
        var job = await SimulatedPrinters.Eventually(async () =>
        {
            var page = await HttpAssert.JsonAsync<JobPageResponse>(await operatorClient.GetAsync($"/api/v1/jobs?printerId={printer.Id}"));
            return page.Items.FirstOrDefault(j => j.FileId == upload.FileId);
        }, "the job is linked to the vault file");
        Assert.Equal("cube.gcode", job.FileName);
        Assert.Equal(operatorUser.UserName, job.UserName);
        Assert.Equal("InProgress", job.Status);

        // Busy: a second print is refused in words, not with a crash.
        using var again = await operatorClient.PostAsJsonAsync($"{Path}/{printer.Id}/send", new SendFileRequest(upload.FileId!.Value, Start: true));
        await HttpAssert.ProblemAsync(again, HttpStatusCode.Conflict, "busy");

        await HttpAssert.StatusAsync(await operatorClient.PostAsync($"{Path}/{printer.Id}/pause", null), HttpStatusCode.NoContent);
        await SimulatedPrinters.Eventually(() => simulator.PrintState == "paused", "the simulator pauses");
        await HttpAssert.StatusAsync(await operatorClient.PostAsync($"{Path}/{printer.Id}/cancel", null), HttpStatusCode.NoContent);
        await SimulatedPrinters.Eventually(() => simulator.PrintState == "cancelled", "the simulator cancels");
    }

    [Fact]
    public async Task Send_PrintFileWhoseStoredBytesAreGone_IsRefusedInWordsAndNothingReachesThePrinter()
    {
        await using var simulator = new MoonrakerSimulator();
        await simulator.StartAsync();
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        var gcode = Assert.Single((await HttpAssert.JsonAsync<UploadResponse>(
            await Uploads.SendAsync(admin, "", ("lost.gcode", "; bytes that will be lost\nG28\n"u8.ToArray())), HttpStatusCode.Created)).Results);
        var printer = await SimulatedPrinters.CreateOnlineAsync(admin, simulator.Address);
        await using (var db = await app.CreateDbContextAsync())
        {
            var hash = (await db.Files.SingleAsync(f => f.Id == gcode.FileId)).BlobHash;
            File.Delete(app.Services.GetRequiredService<PrintStash.Ingestion.Storage.StoragePaths>().BlobPath(hash));
        }

        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync($"{Path}/{printer.Id}/send", new SendFileRequest(gcode.FileId!.Value)), HttpStatusCode.Conflict, "are missing");
        Assert.Equal("standby", simulator.PrintState);
    }

    [Fact]
    public async Task Send_ModelFileOrMissingFile_IsRefusedInWords()
    {
        await using var simulator = new MoonrakerSimulator();
        await simulator.StartAsync();
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        var stl = Assert.Single((await HttpAssert.JsonAsync<UploadResponse>(
            await Uploads.SendAsync(admin, "", ("cube.stl", PrintStash.Web.Demo.DemoSamples.CubeStl(20))), HttpStatusCode.Created)).Results);
        var printer = await SimulatedPrinters.CreateOnlineAsync(admin, simulator.Address);

        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync($"{Path}/{printer.Id}/send", new SendFileRequest(stl.FileId!.Value)), HttpStatusCode.Conflict, "slice it first");
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync($"{Path}/{printer.Id}/send", new SendFileRequest(Guid.NewGuid())), HttpStatusCode.Conflict, "not in the vault");
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync($"{Path}/{printer.Id}/send", new { fileId = Guid.Empty }), HttpStatusCode.BadRequest, "which vault file");
        await HttpAssert.StatusAsync(await admin.PostAsJsonAsync($"{Path}/{Guid.NewGuid()}/send", new SendFileRequest(stl.FileId!.Value)), HttpStatusCode.NotFound);
        Assert.Equal("standby", simulator.PrintState);
    }

    [Fact]
    public async Task Pause_IdlePrinter_AnswersConflictWithTheReason()
    {
        await using var simulator = new MoonrakerSimulator();
        await simulator.StartAsync();
        await using var app = new PrintStashAppFactory();
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        var printer = await SimulatedPrinters.CreateOnlineAsync(admin, simulator.Address);

        var problem = await HttpAssert.ProblemAsync(await admin.PostAsync($"{Path}/{printer.Id}/pause", null), HttpStatusCode.Conflict);

        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync($"{Path}/{printer.Id}/start", new StartPrintRequest(" ")), HttpStatusCode.BadRequest, "which file");
    }

    [Fact]
    public async Task Thumbnail_WhileNothingPrints_IsNotFound()
    {
        await using var app = new PrintStashAppFactory();
        using var viewer = await app.CreateApiClientAsync(UserRole.Viewer);

        await HttpAssert.StatusAsync(await viewer.GetAsync($"{Path}/{Guid.NewGuid()}/thumbnail"), HttpStatusCode.NotFound);
        await HttpAssert.StatusAsync(await viewer.GetAsync($"{Path}/{Guid.NewGuid()}/history"), HttpStatusCode.NotFound);
    }

    private static async Task<HttpValidationProblemDetails> ValidationAsync(HttpResponseMessage response)
    {
        await HttpAssert.StatusAsync(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.NotNull(problem);
        return problem;
    }
}
