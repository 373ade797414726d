using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PrintStash.Domain.Entities;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;
using PrintStash.Web.Tests.Vault;

namespace PrintStash.Web.Tests.Libraries;

public sealed class LibrariesApiTests
{
    private const string Stl = "solid a\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid a\n";

    [Fact]
    public async Task Add_scan_and_download_a_library_file_in_place()
    {
        await using var app = new PrintStashAppFactory();
        using var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "Benchy"));
        File.WriteAllText(Path.Combine(root.Path, "Benchy", "benchy.stl"), Stl);
        using var client = await app.CreateApiClientAsync(UserRole.Admin);

        var created = await client.PostAsJsonAsync("/api/v1/libraries", new { name = "NAS", rootPath = root.Path, schedule = "nightly" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var library = (await created.Content.ReadFromJsonAsync<LibraryResponse>())!;
        Assert.Equal("0 0 3 * * ?", library.Schedule);
        Assert.True(library.ReadOnly);

        var scan = await client.PostAsync($"/api/v1/libraries/{library.Id}/scan", null);
        Assert.Equal(HttpStatusCode.Accepted, scan.StatusCode);
        var job = (await scan.Content.ReadFromJsonAsync<ScanJobResponse>())!;
        await WaitForJobAsync(client, job.Id);

        var history = (await client.GetFromJsonAsync<List<ScanRunResponse>>($"/api/v1/libraries/{library.Id}/scans"))!;
        var run = Assert.Single(history);
        Assert.Equal(("Completed", "Manual", 1), (run.Outcome, run.Trigger, run.Added));
        var models = await Uploads.AllModelsAsync(client, "", 50);
        var model = Assert.Single(models);
        Assert.Equal(("Benchy", "NAS"), (model.Name, model.Library));
        var detail = await Uploads.ModelAsync(client, model.Id);
        var file = Assert.Single(detail.Revisions.SelectMany(r => r.Files));
        Assert.Equal("Library", file.Origin);
        Assert.Equal(Stl, await client.GetStringAsync($"/api/v1/files/{file.Id}/download"));
        var blobs = Path.Combine(app.DataDir, "storage", "blobs");
        Assert.DoesNotContain(Directory.Exists(blobs) ? Directory.GetFiles(blobs, "*", SearchOption.AllDirectories) : [], p => File.ReadAllText(p) == Stl);
    }

    [Fact]
    public async Task Adding_the_data_directory_or_a_missing_folder_is_refused_with_field_problems()
    {
        await using var app = new PrintStashAppFactory();
        using var client = await app.CreateApiClientAsync(UserRole.Admin);

        var data = await client.PostAsJsonAsync("/api/v1/libraries", new { name = "Data", rootPath = app.DataDir });
        var missing = await client.PostAsJsonAsync("/api/v1/libraries", new { name = "Gone", rootPath = "/no/such/folder/anywhere" });
        var badMode = await client.PostAsJsonAsync("/api/v1/libraries", new { name = "X", rootPath = "/tmp", watchMode = "Sometimes" });

        Assert.Equal(HttpStatusCode.BadRequest, data.StatusCode);
        using var problem = JsonDocument.Parse(await data.Content.ReadAsStringAsync());
        Assert.Contains("data directory", problem.RootElement.GetProperty("errors").GetProperty("rootPath")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("does not exist", await missing.Content.ReadAsStringAsync());
        Assert.Contains("Auto, Always or Never", await badMode.Content.ReadAsStringAsync());
        Assert.Empty((await client.GetFromJsonAsync<List<LibraryResponse>>("/api/v1/libraries"))!);
    }

    [Fact]
    public async Task Review_lists_held_back_removals_and_confirm_applies_them()
    {
        await using var app = new PrintStashAppFactory();
        using var root = new TempDirectory();
        for (var i = 0; i < 10; i++)
        {
            Directory.CreateDirectory(Path.Combine(root.Path, $"m{i}"));
            File.WriteAllText(Path.Combine(root.Path, $"m{i}", "part.stl"), Stl.Replace("solid a", $"solid a{i}", StringComparison.Ordinal));
        }

        using var client = await app.CreateApiClientAsync(UserRole.Admin);
        var library = (await (await client.PostAsJsonAsync("/api/v1/libraries", new { name = "NAS", rootPath = root.Path, schedule = "" })).Content.ReadFromJsonAsync<LibraryResponse>())!;
        await ScanAsync(client, library.Id);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/libraries/{library.Id}/review/confirm", null)).StatusCode);
        for (var i = 0; i < 4; i++)
        {
            Directory.Delete(Path.Combine(root.Path, $"m{i}"), recursive: true);
        }

        await ScanAsync(client, library.Id);

        var review = (await client.GetFromJsonAsync<ReviewResponse>($"/api/v1/libraries/{library.Id}/review"))!;
        Assert.Equal(4, review.Count);
        Assert.Contains("review removals", review.Reason);
        var confirm = await client.PostAsync($"/api/v1/libraries/{library.Id}/review/confirm", null);
        Assert.Equal(HttpStatusCode.Accepted, confirm.StatusCode);
        await WaitForJobAsync(client, (await confirm.Content.ReadFromJsonAsync<ScanJobResponse>())!.Id);
        var status = (await client.GetFromJsonAsync<LibraryResponse>($"/api/v1/libraries/{library.Id}"))!;
        Assert.Equal(4, status.MissingFiles);
        Assert.Equal("ReviewConfirmed", status.LastScan!.Trigger);
    }

    private static async Task ScanAsync(HttpClient client, Guid id)
    {
        var job = (await (await client.PostAsync($"/api/v1/libraries/{id}/scan", null)).Content.ReadFromJsonAsync<ScanJobResponse>())!;
        await WaitForJobAsync(client, job.Id);
    }

    private static async Task WaitForJobAsync(HttpClient client, Guid jobId)
    {
        for (var i = 0; i < 300; i++)
        {
            var jobs = (await client.GetFromJsonAsync<List<ScanJobResponse>>("/api/v1/libraries/jobs"))!;
            if (jobs.FirstOrDefault(j => j.Id == jobId) is { Status: not "Running" })
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The scan did not finish in 30 s.");
    }
}
