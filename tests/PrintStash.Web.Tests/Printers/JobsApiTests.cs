using System.Net;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Printers;

/// <summary>The job ledger's read API: filters, keyset pages, totals and CSV, over rows written straight to the database.</summary>
public sealed class JobsApiTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task List_PagesByKeyset_NewestFirst_WithoutGapsOrRepeats()
    {
        await using var app = new PrintStashAppFactory();
        var (printer, _) = await SeedAsync(app, count: 7);
        using var viewer = await app.CreateApiClientAsync(UserRole.Viewer);

        var seen = new List<JobResponse>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await HttpAssert.JsonAsync<JobPageResponse>(await viewer.GetAsync($"/api/v1/jobs?take=3&printerId={printer}" + (cursor is null ? "" : $"&cursor={cursor}")));
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(7, seen.Select(j => j.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(j => j.StartedAt).ThenByDescending(j => j.Id).Select(j => j.Id), seen.Select(j => j.Id));
    }

    [Fact]
    public async Task List_FiltersByStatusFileUserAndDates()
    {
        await using var app = new PrintStashAppFactory();
        var (_, user) = await SeedAsync(app, count: 6);
        using var viewer = await app.CreateApiClientAsync(UserRole.Viewer);

        var failed = await ListAsync(viewer, "status=error");
        Assert.All(failed.Items, j => Assert.Equal("Error", j.Status));
        Assert.Equal(2, failed.Items.Count);

        var byFile = await ListAsync(viewer, "file=PART-3");
        Assert.Equal("part-3.gcode", Assert.Single(byFile.Items).FileName);

        var byUser = await ListAsync(viewer, $"user={user.UserName[..5]}");
        Assert.Equal(3, byUser.Items.Count);
        Assert.All(byUser.Items, j => Assert.Equal(user.UserName, j.UserName));

        var window = await ListAsync(viewer, $"from={Start.AddHours(2):O}&to={Start.AddHours(4):O}");
        Assert.Equal(["part-3.gcode", "part-2.gcode"], window.Items.Select(j => j.FileName));
    }

    [Theory]
    [InlineData("status=exploded", "Unknown status")]
    [InlineData("status=1", "Unknown status")]
    [InlineData("from=2026-11-02&to=2026-11-01", "'to' must be after 'from'")]
    public async Task List_BadFilter_IsAProblemInWords(string query, string expected)
    {
        await using var app = new PrintStashAppFactory();
        using var viewer = await app.CreateApiClientAsync(UserRole.Viewer);

        await HttpAssert.ProblemAsync(await viewer.GetAsync("/api/v1/jobs?" + query), HttpStatusCode.BadRequest, expected);
        await HttpAssert.ProblemAsync(await viewer.GetAsync("/api/v1/jobs/export.csv?" + query), HttpStatusCode.BadRequest, expected);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAA")]
    [InlineData("%00%01")]
    public async Task List_TamperedCursor_StartsAtTheFirstPage(string cursor)
    {
        await using var app = new PrintStashAppFactory();
        await SeedAsync(app, count: 2);
        using var viewer = await app.CreateApiClientAsync(UserRole.Viewer);

        var page = await ListAsync(viewer, "cursor=" + cursor);

        Assert.Equal(2, page.Items.Count);
    }

    [Fact]
    public async Task Totals_CountFinishedJobsForTheSuccessRate()
    {
        await using var app = new PrintStashAppFactory();
        var (printer, _) = await SeedAsync(app, count: 6);
        using var viewer = await app.CreateApiClientAsync(UserRole.Viewer);

        var totals = Assert.Single(await HttpAssert.JsonAsync<List<JobTotalsResponse>>(await viewer.GetAsync($"/api/v1/jobs/totals?printerId={printer}")));

        // Seeded statuses cycle Completed, Error, InProgress: 2 completed of 4 finished.
        Assert.Equal(6, totals.Jobs);
        Assert.Equal(4, totals.Finished);
        Assert.Equal(0.5, totals.SuccessRate);
        Assert.Equal(600, totals.LongestPrintSeconds);
        var empty = Assert.Single(await HttpAssert.JsonAsync<List<JobTotalsResponse>>(await viewer.GetAsync($"/api/v1/jobs/totals?printerId={Guid.NewGuid()}")));
        Assert.Equal(0, empty.Jobs);
        Assert.Null(empty.SuccessRate);
    }

    [Fact]
    public async Task Export_WritesEveryMatchingJobAsCsv_AndDefusesFormulas()
    {
        await using var app = new PrintStashAppFactory();
        var (printer, _) = await SeedAsync(app, count: 3, fileName: i => i == 0 ? "=HYPERLINK(\"http://x\",\"a,b\").gcode" : $"part-{i}.gcode");
        using var viewer = await app.CreateApiClientAsync(UserRole.Viewer);

        using var response = await viewer.GetAsync($"/api/v1/jobs/export.csv?printerId={printer}");

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.ToString(), StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Web.Printers.JobsCsv.Header, lines[0].TrimEnd('\r'));
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\").gcode\"", StringComparison.Ordinal));
    }

    private static async Task<JobPageResponse> ListAsync(HttpClient client, string query) =>
        await HttpAssert.JsonAsync<JobPageResponse>(await client.GetAsync("/api/v1/jobs?" + query));

    /// <summary>One printer and <paramref name="count"/> jobs an hour apart; every other job by a user; statuses cycle.</summary>
    private static async Task<(Guid Printer, TestUser User)> SeedAsync(PrintStashAppFactory app, int count, Func<int, string>? fileName = null)
    {
        var user = await app.CreateUserAsync(UserRole.Operator);
        await using var db = await app.CreateDbContextAsync();
        var printer = new Printer { Id = Guid.NewGuid(), Name = "Seeded", Slug = "seeded-" + Guid.NewGuid().ToString("N")[..6], Address = "http://127.0.0.1:9", Kind = PrinterKind.Moonraker, Enabled = false };
        db.Printers.Add(printer);
        PrintJobStatus[] statuses = [PrintJobStatus.Completed, PrintJobStatus.Error, PrintJobStatus.InProgress];
        for (var i = 0; i < count; i++)
        {
            db.PrintJobs.Add(new PrintJob
            {
                Id = Guid.NewGuid(),
                PrinterId = printer.Id,
                PrinterJobId = $"{i:000000}",
                FileName = fileName?.Invoke(i) ?? $"part-{i}.gcode",
                UserId = i % 2 == 0 ? user.Id : null,
                Status = statuses[i % 3],
                StartedAt = Start.AddHours(i),
                EndedAt = statuses[i % 3] == PrintJobStatus.InProgress ? null : Start.AddHours(i).AddMinutes(10),
                PrintSeconds = 100 * (i + 1),
                TotalSeconds = 120 * (i + 1),
                FilamentUsedMm = 1000,
                UpdatedAt = Start,
            });
        }

        await db.SaveChangesAsync();
        return (printer.Id, user);
    }
}
