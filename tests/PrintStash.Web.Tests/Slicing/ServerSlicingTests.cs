using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;
using PrintStash.Web.Tests.Vault;

namespace PrintStash.Web.Tests.Slicing;

/// <summary>Server-side slicing with the real prusa-slicer and the corpus profiles; a fake slicer only for "never ends".</summary>
public sealed class ServerSlicingTests : IDisposable
{
    private readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task Slice_MeshWithCompleteProfile_AddsGCodeToTheMeshRevision()
    {
        RequirePrusaSlicer();
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var profile = Assert.Single(await ImportAsync(client, "generic_pla_0.2.ini"));
        var mesh = await Uploads.CorpusFileAsync(client, "bracket.stl");

        var job = await FinishedAsync(client, await SliceAsync(client, mesh.FileId!.Value, new SliceRequestBody(null, null, profile.Id)));

        Assert.True(job.State == "Succeeded", job.Message);
        Assert.Equal(100, job.Progress);
        var file = await Uploads.ProcessedAsync(client, job.ResultFileId!.Value);
        Assert.Equal("bracket_0.20mm GENERIC VAULT.gcode", file.Name);
        Assert.Equal(mesh.ModelId, file.ModelId);
        Assert.Equal(mesh.Revision, file.Revision);
        Assert.Equal("ServerSlice", file.Origin);
        Assert.Equal("Done", file.MetadataState);
        Assert.Contains("\"filamentType\":\"PLA\"", file.Metadata!.ToString()!, StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        var row = await db.SliceJobs.SingleAsync();
        Assert.Equal(mesh.FileId, row.SourceFileId);
        Assert.Equal(profile.Id, row.ProcessProfileId);
        Assert.Equal(file.Id, row.ResultFileId);
        Assert.False(Directory.Exists(Path.Combine(app.DataDir, "slicing", row.Id.ToString("N"))));
    }

    [Fact]
    public async Task Slice_WithPrinterFilamentAndProcessFromABundle_UsesAllThree()
    {
        RequirePrusaSlicer();
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var full = await File.ReadAllTextAsync(HookRunner.SlicerConfig("generic_petg_0.28.ini"));
        var bundle = $"[printer:Bench printer]\n{full}\n[filament:Bench PLA]\nfilament_type = PLA\n[print:Bench 0.3]\nlayer_height = 0.3\n[presets]\nprint = Bench 0.3\n";
        var imported = await ImportTextAsync(client, "bundle.ini", bundle);
        Assert.Equal(["Filament", "Printer", "Process"], imported.Select(p => p.Kind).Order().ToArray());
        var mesh = await Uploads.CorpusFileAsync(client, "tower_thin.stl");

        var job = await FinishedAsync(client, await SliceAsync(client, mesh.FileId!.Value,
            new SliceRequestBody(imported.Single(p => p.Kind == "Printer").Id, imported.Single(p => p.Kind == "Filament").Id, imported.Single(p => p.Kind == "Process").Id)));

        Assert.True(job.State == "Succeeded", job.Message);
        Assert.Equal("Bench printer · Bench PLA · Bench 0.3", job.Profiles);
        var file = await Uploads.ProcessedAsync(client, job.ResultFileId!.Value);
        Assert.Equal("tower_thin_Bench 0.3_Bench PLA.gcode", file.Name);
        var metadata = file.Metadata!.ToString()!;
        Assert.Contains("\"filamentType\":\"PLA\"", metadata, StringComparison.Ordinal);
        Assert.Contains("\"layerHeightMm\":0.3", metadata, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slice_ProfileWithUnknownKey_SucceedsAndNamesTheIgnoredKey()
    {
        RequirePrusaSlicer();
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var text = await File.ReadAllTextAsync(HookRunner.SlicerConfig("generic_pla_0.2.ini")) + "totally_unknown_key = 42\n";
        var profile = Assert.Single(await ImportTextAsync(client, "odd.ini", text));
        var mesh = await Uploads.CorpusFileAsync(client, "bracket.stl");

        var job = await FinishedAsync(client, await SliceAsync(client, mesh.FileId!.Value, new SliceRequestBody(null, null, profile.Id)));

        Assert.True(job.State == "Succeeded", job.Message);
        Assert.Contains("ignored settings it does not know: totally_unknown_key.", job.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slice_MeshTheSlicerCannotRead_FailsWithTheSlicersReason()
    {
        RequirePrusaSlicer();
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var profile = Assert.Single(await ImportAsync(client, "generic_pla_0.2.ini"));
        using var upload = await Uploads.SendAsync(client, "", ("empty.stl", "solid nothing\nendsolid nothing\n"u8.ToArray()));
        var mesh = Assert.Single((await HttpAssert.JsonAsync<UploadResponse>(upload, HttpStatusCode.Created)).Results);

        var job = await FinishedAsync(client, await SliceAsync(client, mesh.FileId!.Value, new SliceRequestBody(null, null, profile.Id)));

        Assert.Equal("Failed", job.State);
        Assert.Contains("could not slice 'empty.stl'", job.Message, StringComparison.Ordinal);
        Assert.Null(job.ResultFileId);
        await using var db = await app.CreateDbContextAsync();
        Assert.Single(db.Files);
    }

    [Fact]
    public async Task Slice_SlicerThatNeverEnds_IsKilledAtTheLimit()
    {
        var pidFile = Path.Combine(work.Path, "pid");
        var fake = Path.Combine(work.Path, "fake-slicer");
        await File.WriteAllTextAsync(fake, $"#!/bin/sh\necho $$ > '{pidFile}'\necho '10 => Pretending'\nsleep 300\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        await using var app = new PrintStashAppFactory(settings: new Dictionary<string, string?>
        {
            ["PrintStash:Slicing:PrusaSlicerPath"] = fake,
            ["PrintStash:Slicing:TimeoutSeconds"] = "2",
        });
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var profile = Assert.Single(await ImportAsync(client, "generic_pla_0.2.ini"));
        var mesh = await Uploads.CorpusFileAsync(client, "bracket.stl");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var job = await FinishedAsync(client, await SliceAsync(client, mesh.FileId!.Value, new SliceRequestBody(null, null, profile.Id)));

        Assert.Equal("Failed", job.State);
        Assert.Contains("stopped after 2 seconds", job.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"The job took {clock.Elapsed}.");
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{pid}"), "The fake slicer is still running.");
    }

    [Fact]
    public async Task Slice_NoSlicerInstalled_IsRefusedWithHowToEnable()
    {
        await using var app = new PrintStashAppFactory(settings: new Dictionary<string, string?> { ["PrintStash:Slicing:PrusaSlicerPath"] = "/nonexistent/prusa-slicer" });
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var profile = Assert.Single(await ImportAsync(client, "generic_pla_0.2.ini"));
        var mesh = await Uploads.CorpusFileAsync(client, "bracket.stl");

        using var response = await client.PostAsJsonAsync($"/api/v1/files/{mesh.FileId}/slice", new SliceRequestBody(null, null, profile.Id));
        var status = await HttpAssert.JsonAsync<SlicingStatusResponse>(await client.GetAsync("/api/v1/slicer/status"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("apt-get install prusa-slicer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(status.Engines);
        Assert.Contains("PrusaSlicerPath", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slice_GCodeOrIncompleteProfiles_IsRefusedInWords()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);
        var bundle = await ImportTextAsync(client, "bundle.ini", "[printer:P]\nnozzle_diameter = 0.4\n[filament:F]\nfilament_type = PLA\n");
        var gcode = await Uploads.CorpusFileAsync(client, "ps25_bracket_pla020.gcode");
        var mesh = await Uploads.CorpusFileAsync(client, "bracket.stl");

        using var onGCode = await client.PostAsJsonAsync($"/api/v1/files/{gcode.FileId}/slice", new SliceRequestBody(null, null, bundle[0].Id));
        using var incomplete = await client.PostAsJsonAsync($"/api/v1/files/{mesh.FileId}/slice", new SliceRequestBody(bundle.Single(p => p.Kind == "Printer").Id, bundle.Single(p => p.Kind == "Filament").Id, null));

        Assert.Contains("is not a mesh", await onGCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Choose a printer, a filament and a process profile", await incomplete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_OrcaJsonPresetsAndBadFiles_ReportKindOrTheProblem()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Designer);

        var machine = Assert.Single(await ImportTextAsync(client, "m.json", """{"type":"machine","name":"Voron 0.4","printer_model":"Voron 2.4","nozzle_diameter":["0.4"]}"""));
        var filament = Assert.Single(await ImportTextAsync(client, "f.json", """{"type":"filament","name":"PolyLite PLA","filament_type":["PLA"]}"""));
        using var notPreset = await client.PostAsync("/api/v1/slicer/profiles/import?fileName=x.json", new StringContent("""{"hello":1}"""));
        using var notIni = await client.PostAsync("/api/v1/slicer/profiles/import?fileName=x.ini", new StringContent("layer_height = 0.2\nthis is not a setting\n"));
        using var tooBig = await client.PostAsync("/api/v1/slicer/profiles/import?fileName=big.ini", new StringContent(new string('#', 1_100_000)));

        Assert.Equal(("Printer", "OrcaJson", "Voron 0.4"), (machine.Kind, machine.Format, machine.Name));
        Assert.Equal("Filament", filament.Kind);
        Assert.Contains("not an OrcaSlicer preset", await notPreset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Line 2", await notIni.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);

        using var rename = await client.PatchAsJsonAsync($"/api/v1/slicer/profiles/{machine.Id}", new UpdateSlicerProfileRequest("Voron 2.4 0.4", null));
        using var delete = await client.DeleteAsync($"/api/v1/slicer/profiles/{filament.Id}");
        var list = await HttpAssert.JsonAsync<List<SlicerProfileResponse>>(await client.GetAsync("/api/v1/slicer/profiles"));
        Assert.Equal(HttpStatusCode.NoContent, rename.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal("Voron 2.4 0.4", Assert.Single(list).Name);
    }

    private static void RequirePrusaSlicer()
    {
        if (HookRunner.PrusaSlicer is null)
        {
            throw new InvalidOperationException("prusa-slicer is not installed: apt-get install -y prusa-slicer (scripts/test.sh does this).");
        }
    }

    private static Task<List<SlicerProfileResponse>> ImportAsync(HttpClient client, string corpusConfig) =>
        ImportTextAsync(client, corpusConfig, File.ReadAllText(HookRunner.SlicerConfig(corpusConfig)));

    private static async Task<List<SlicerProfileResponse>> ImportTextAsync(HttpClient client, string fileName, string text)
    {
        using var response = await client.PostAsync($"/api/v1/slicer/profiles/import?fileName={Uri.EscapeDataString(fileName)}", new StringContent(text, Encoding.UTF8, "text/plain"));
        return await HttpAssert.JsonAsync<List<SlicerProfileResponse>>(response, HttpStatusCode.Created);
    }

    private static async Task<SliceJobResponse> SliceAsync(HttpClient client, Guid fileId, SliceRequestBody body)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/files/{fileId}/slice", body);
        return await HttpAssert.JsonAsync<SliceJobResponse>(response, HttpStatusCode.Accepted);
    }

    private static async Task<SliceJobResponse> FinishedAsync(HttpClient client, SliceJobResponse job)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var current = await HttpAssert.JsonAsync<SliceJobResponse>(await client.GetAsync($"/api/v1/slicer/jobs/{job.Id}"));
            if (current.State is "Succeeded" or "Failed")
            {
                return current;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"Slice job still {current.State} after 3 minutes.");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
