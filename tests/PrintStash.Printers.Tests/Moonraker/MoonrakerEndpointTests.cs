using Microsoft.Extensions.DependencyInjection;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Moonraker;

namespace PrintStash.Printers.Tests.Moonraker;

public sealed class MoonrakerEndpointTests
{
    [Theory]
    [InlineData("192.168.1.20", "http://192.168.1.20:7125/", "ws://192.168.1.20:7125/websocket")]
    [InlineData("printer.local:7130", "http://printer.local:7130/", "ws://printer.local:7130/websocket")]
    [InlineData("http://voron.local", "http://voron.local/", "ws://voron.local/websocket")]
    [InlineData(" https://farm.example/printers/p1/ ", "https://farm.example/printers/p1/", "wss://farm.example/printers/p1/websocket")]
    [InlineData("ws://10.0.0.5:7125/websocket", "http://10.0.0.5:7125/", "ws://10.0.0.5:7125/websocket")]
    [InlineData("[fe80::1]", "http://[fe80::1]:7125/", "ws://[fe80::1]:7125/websocket")]
    public void Addresses_users_type_become_http_and_websocket_urls(string address, string http, string websocket)
    {
        Assert.True(MoonrakerEndpoint.TryParse(address, out var endpoint, out var error), error);
        Assert.Equal(http, endpoint.BaseUri.ToString());
        Assert.Equal(websocket, endpoint.WebSocket(null).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://printer")]
    [InlineData("http://printer:7125/?x=1")]
    [InlineData("http://user:pass@printer:7125")]
    [InlineData("http://")]
    public void Bad_addresses_are_refused_with_words(string address)
    {
        Assert.False(MoonrakerEndpoint.TryParse(address, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task Test_with_a_bad_address_reports_an_address_problem()
    {
        var result = await MoonrakerTesting.Driver().TestAsync(MoonrakerTesting.Printer("ftp://printer"), CancellationToken.None);

        Assert.Equal("Address", Assert.Single(result.Problems).Field);
    }

    [Fact]
    public async Task Test_against_a_closed_port_says_nothing_answers()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var result = await MoonrakerTesting.Driver().TestAsync(MoonrakerTesting.Printer($"127.0.0.1:{port}"), CancellationToken.None);

        Assert.Equal(new PrinterFieldProblem("Address", $"Nothing answers on 127.0.0.1:{port}; is Moonraker running and is the port right?"), Assert.Single(result.Problems));
    }

    [Fact]
    public void Thumbnail_path_is_relative_to_the_gcode_folder_and_uses_the_largest()
    {
        var metadata = MoonrakerFileMetadata.Parse("farm/bracket.gcode", System.Text.Json.JsonDocument.Parse(
            """{"estimated_time":4300,"thumbnails":[{"width":32,"height":32,"relative_path":".thumbs/bracket-32x32.png"},{"width":300,"height":300,"relative_path":".thumbs/bracket-300x300.png"},{"width":400,"height":300,"relative_path":"../../etc/x.png"}]}""").RootElement);

        Assert.Equal("farm/.thumbs/bracket-300x300.png", metadata.ThumbnailPath);
        Assert.Equal(4300, metadata.EstimatedSeconds);
        Assert.True(MoonrakerEndpoint.TryParse("http://h:7125", out var endpoint, out _));
        Assert.Equal("http://h:7125/server/files/gcodes/farm/.thumbs/my%20part-300x300.png", endpoint.GcodeFile("farm/.thumbs/my part-300x300.png").AbsoluteUri);
    }

    [Fact]
    public void AddMoonrakerDriver_registers_one_driver_for_the_Moonraker_kind()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMoonrakerDriver(o => o.HistoryPageSize = 20);
        services.AddMoonrakerDriver();
        using var provider = services.BuildServiceProvider();

        var driver = Assert.Single(provider.GetServices<IPrinterDriver>());
        Assert.Equal(PrinterKind.Moonraker, driver.Kind);
        Assert.Equal(20, provider.GetRequiredService<MoonrakerOptions>().HistoryPageSize);
        Assert.IsType<MoonrakerDriver>(driver);
    }
}
