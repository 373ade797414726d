using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PrintStash.Printers.Simulation.PrusaLink;

namespace PrintStash.Printers.Tests.PrusaLink;

/// <summary>The simulator keeps the documented contract, so driver tests against it mean something.</summary>
public sealed class PrusaLinkSimulatorTests
{
    [Fact]
    public async Task Uploads_follow_the_documented_rules()
    {
        await using var sim = await PrusaLinkSimulator.StartAsync(new PrusaLinkSimulatorOptions { Auth = PrusaLinkSimulatorAuth.ApiKey });
        using var http = Client(sim);

        Assert.Equal(HttpStatusCode.LengthRequired, (await Put(http, "a.gcode", [], "application/octet-stream")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Put(http, "a.gcode", [1, 2], "multipart/form-data")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Put(http, "a.stl", [1, 2], "application/octet-stream")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Put(http, "dir/a.gcode", [1, 2], "text/x.gcode")).StatusCode);
        var conflict = await Put(http, "dir/a.gcode", [1, 2, 3], "application/octet-stream");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("File already exists", JsonDocument.Parse(await conflict.Content.ReadAsStringAsync()).RootElement.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Created, (await Put(http, "dir/a.gcode", [1, 2, 3], "application/octet-stream", ("Overwrite", "?1"))).StatusCode);
        Assert.Equal(3, sim.Files.Single(f => f.Path == "dir/a.gcode").Size);

        // "?0" means "do not print"; only "?1" starts the file.
        Assert.Equal(HttpStatusCode.Created, (await Put(http, "b.gcode", [1], "application/octet-stream", ("Print-After-Upload", "?0"))).StatusCode);
        Assert.Equal("IDLE", sim.State);
        Assert.Equal(HttpStatusCode.Created, (await Put(http, "c.gcode", [1], "application/octet-stream", ("Print-After-Upload", "?1"))).StatusCode);
        Assert.Equal("PRINTING", sim.State);
        Assert.Equal(HttpStatusCode.Conflict, (await Put(http, "d.gcode", [1], "application/octet-stream", ("Print-After-Upload", "?1"))).StatusCode);
    }

    [Fact]
    public async Task Job_control_answers_404_for_unknown_ids_and_409_in_the_wrong_state()
    {
        await using var sim = await PrusaLinkSimulator.StartAsync(new PrusaLinkSimulatorOptions { Auth = PrusaLinkSimulatorAuth.ApiKey });
        using var http = Client(sim);
        Assert.Equal(HttpStatusCode.NoContent, (await http.GetAsync("api/v1/job")).StatusCode);
        Assert.True(sim.StartPrint("bracket_0.2mm_PLA_MK4_1h32m.bgcode"));
        var id = sim.CurrentJobId;

        Assert.Equal(HttpStatusCode.NotFound, (await http.PutAsync($"api/v1/job/{id + 1}/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PutAsync($"api/v1/job/{id}/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PutAsync($"api/v1/job/{id}/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"api/v1/job/{id}")).StatusCode);
        Assert.Equal("STOPPED", sim.State);
        Assert.Equal(HttpStatusCode.Conflict, (await http.DeleteAsync($"api/v1/job/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_finished_print_persists_until_acknowledged_and_the_demo_loop_starts_the_next()
    {
        var clock = new FakeTimeProvider();
        await using var sim = await PrusaLinkSimulator.StartAsync(new PrusaLinkSimulatorOptions
        {
            Auth = PrusaLinkSimulatorAuth.ApiKey, TimeProvider = clock, RestartAfter = TimeSpan.FromMinutes(2),
        });
        Assert.True(sim.StartPrint("farm/clip_0.2mm_PLA_MK4_18m.bgcode"));
        var first = sim.CurrentJobId;

        clock.Advance(TimeSpan.FromMinutes(18.5));
        Assert.Equal("FINISHED", sim.State);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("FINISHED", sim.State);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("PRINTING", sim.State);
        Assert.Equal(first + 1, sim.CurrentJobId);
    }

    [Fact]
    public async Task The_demo_printer_is_printing_from_the_start_and_accepts_the_driver()
    {
        await using var sim = await PrusaLinkSimulator.StartDemoAsync();
        var driver = new PrintStash.Printers.PrusaLink.PrusaLinkDriver(Microsoft.Extensions.Options.Options.Create(PrusaLinkRig.FastOptions()), TimeProvider.System);

        var test = await driver.TestAsync(PrusaLinkRig.DigestPrinter(sim), CancellationToken.None);

        Assert.Equal("PRINTING", sim.State);
        Assert.Contains(sim.Files, f => f.Path == PrusaLinkSimulator.DemoFile);
        Assert.EndsWith("printing", test.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reports_temperatures_that_approach_their_targets()
    {
        var clock = new FakeTimeProvider();
        await using var sim = await PrusaLinkSimulator.StartAsync(new PrusaLinkSimulatorOptions { Auth = PrusaLinkSimulatorAuth.ApiKey, TimeProvider = clock });
        using var http = Client(sim);
        sim.StartPrint("bracket_0.2mm_PLA_MK4_1h32m.bgcode");

        var cold = await Printer(http);
        clock.Advance(TimeSpan.FromMinutes(3));
        var hot = await Printer(http);

        Assert.True(cold.GetProperty("temp_nozzle").GetDouble() < 30);
        Assert.InRange(hot.GetProperty("temp_nozzle").GetDouble(), 214, 215);
        Assert.Equal(215, hot.GetProperty("target_nozzle").GetDouble());
        Assert.False(hot.TryGetProperty("axis_x", out _)); // x/y only when not moving
    }

    private static async Task<JsonElement> Printer(HttpClient http) =>
        JsonDocument.Parse(await http.GetStringAsync("api/v1/status")).RootElement.GetProperty("printer").Clone();

    private static HttpClient Client(PrusaLinkSimulator sim)
    {
        var http = new HttpClient { BaseAddress = sim.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", sim.Options.ApiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    private static async Task<HttpResponseMessage> Put(HttpClient http, string path, byte[] body, string contentType, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/v1/files/usb/" + path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await http.SendAsync(request);
    }
}
