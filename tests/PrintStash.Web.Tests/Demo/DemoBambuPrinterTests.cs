using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Bambu;
using PrintStash.Printers.Catalog;
using PrintStash.Web.Components.Printers;
using PrintStash.Web.Demo;
using PrintStash.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace PrintStash.Web.Tests.Demo;

/// <summary>
/// The demo's Bambu printer against a real mosquitto (the broker the demo starts, with the password file and certificate
/// it writes itself), tested the way the add-printer form tests a printer.
/// </summary>
public sealed class DemoBambuPrinterTests
{
    private static readonly BambuDriver Driver = new(TimeProvider.System, new BambuDriverOptions { TestReportTimeout = TimeSpan.FromSeconds(3) });

    [Fact]
    public async Task Without_mosquitto_there_is_no_Bambu_demo_printer_and_nothing_is_left_behind()
    {
        var before = TempBrokerFolders();

        var bambu = await DemoBambuPrinter.TryStartAsync(null, TimeProvider.System, CancellationToken.None);

        Assert.Null(bambu);
        Assert.Equal(before, TempBrokerFolders());
    }

    [Fact]
    public async Task The_demo_printer_passes_the_connection_test_with_its_pinned_certificate()
    {
        await using var bambu = await StartAsync();

        var result = await Driver.TestAsync(Definition(bambu.Input), CancellationToken.None);

        Assert.True(result.Succeeded, string.Join(" ", result.Problems.Select(p => $"{p.Field}: {p.Message}")));
        Assert.Contains(DemoBambuPrinter.Serial, result.Summary, StringComparison.Ordinal);
        Assert.Equal(bambu.Input.TrustedCertificateSha256, result.PresentedCertificateSha256);
    }

    [Fact]
    public async Task A_wrong_access_code_or_serial_is_reported_on_its_own_field()
    {
        await using var bambu = await StartAsync();

        var wrongCode = await Driver.TestAsync(Definition(bambu.Input with { Secret = "00000000" }), CancellationToken.None);
        var wrongSerial = await Driver.TestAsync(Definition(bambu.Input with { SerialNumber = "01P00A000000001" }), CancellationToken.None);

        var code = Assert.Single(wrongCode.Problems);
        Assert.Equal((nameof(PrinterDefinition.Secret), true), (code.Field, code.Message.StartsWith("access code rejected", StringComparison.Ordinal)));
        var serial = Assert.Single(wrongSerial.Problems);
        Assert.Equal((nameof(PrinterDefinition.SerialNumber), true), (serial.Field, serial.Message.StartsWith("serial does not match", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stopping_the_demo_stops_mosquitto_and_removes_its_files()
    {
        var before = TempBrokerFolders();
        var bambu = await StartAsync();
        var port = int.Parse(bambu.Input.Address.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

        await bambu.DisposeAsync();

        using var client = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync(System.Net.IPAddress.Loopback, port));
        Assert.Equal(before, TempBrokerFolders());
    }

    [Fact]
    public async Task The_dashboard_shows_what_the_demo_could_not_start()
    {
        var notices = new DemoNotices();
        notices.Add(DemoBambuPrinter.MissingMosquitto);
        notices.Add(DemoBambuPrinter.MissingMosquitto);
        await using var demo = new PrintStashAppFactory(configureServices: services => services.AddSingleton(notices));
        await using var plain = new PrintStashAppFactory();

        var html = System.Net.WebUtility.HtmlDecode(await ComponentRenderer.RenderAsync<DemoNotice>(demo, UserRole.Viewer));
        var none = await ComponentRenderer.RenderAsync<DemoNotice>(plain, UserRole.Viewer);

        Assert.Single(notices.Messages);
        Assert.Contains("Bambu demo needs mosquitto (apt-get install mosquitto)", html, StringComparison.Ordinal);
        Assert.Contains("id=\"demo-notices\"", html, StringComparison.Ordinal);
        Assert.Equal(string.Empty, none.Trim());
    }

    private static async Task<DemoBambuPrinter> StartAsync()
    {
        var mosquitto = DemoMqttBroker.Locate(DemoMqttBroker.DefaultLocations)
            ?? throw new InvalidOperationException("mosquitto is not installed: these tests run the demo against a real one (`apt-get install mosquitto`).");
        return (await DemoBambuPrinter.TryStartAsync(mosquitto, TimeProvider.System, CancellationToken.None))!;
    }

    private static PrinterDefinition Definition(PrinterInput input) => new(
        Guid.NewGuid(), input.Name, PrinterKind.Bambu, input.Address, input.Secret, input.UserName, input.SerialNumber, input.TrustedCertificateSha256);

    private static string[] TempBrokerFolders() =>
        [.. Directory.GetDirectories(Path.GetTempPath(), "printstash-demo-mosquitto-*").Order(StringComparer.Ordinal)];
}
