using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Bambu;
using PrintStash.Printers.Tests.TestSupport;

namespace PrintStash.Printers.Tests.Bambu;

public sealed class BambuDriverTestAsyncTests
{
    [Fact]
    public async Task A_reachable_printer_passes_and_reports_its_certificate_to_pin()
    {
        await using var rig = await BambuTestRig.StartAsync();

        var result = await rig.Driver.TestAsync(rig.Printer(), CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal($"Connected to {BambuTestRig.Serial}: IDLE.", result.Summary);
        Assert.Equal(rig.Broker.Certificate!.Sha256, result.PresentedCertificateSha256);
    }

    [Fact]
    public async Task A_wrong_access_code_is_reported_on_the_secret_field()
    {
        await using var rig = await BambuTestRig.StartAsync();

        var result = await rig.Driver.TestAsync(rig.Printer(accessCode: "wrong123"), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("Secret", problem.Field);
        Assert.StartsWith("access code rejected", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_serial_is_reported_on_the_serial_field()
    {
        await using var rig = await BambuTestRig.StartAsync();

        var result = await rig.Driver.TestAsync(rig.Printer(serial: "01P00A999999999"), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("SerialNumber", problem.Field);
        Assert.StartsWith("serial does not match", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_certificate_is_reported_with_the_new_fingerprint()
    {
        await using var rig = await BambuTestRig.StartAsync();

        var result = await rig.Driver.TestAsync(rig.Printer(pin: string.Join(':', Enumerable.Repeat("AA", 32))), CancellationToken.None);

        Assert.Equal("TrustedCertificateSha256", Assert.Single(result.Problems).Field);
        Assert.Equal(rig.Broker.Certificate!.Sha256, result.PresentedCertificateSha256);
    }

    [Fact]
    public async Task Signed_command_firmware_passes_with_a_warning()
    {
        await using var rig = await BambuTestRig.StartAsync(o => o with { RequireSignedCommands = true });

        var result = await rig.Driver.TestAsync(rig.Printer(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Contains("Developer Mode", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_host_is_reported_on_the_address_field()
    {
        var driver = new BambuDriver(TimeProvider.System, new BambuDriverOptions { MqttPort = ExternalTool.FreeLoopbackPort(), ConnectTimeout = TimeSpan.FromSeconds(2) });

        var result = await driver.TestAsync(new PrinterDefinition(Guid.NewGuid(), "P1S", PrinterKind.Bambu, "127.0.0.1", "12345678", SerialNumber: "01S00C123400567"), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("Address", problem.Field);
        Assert.StartsWith("host unreachable", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_fields_are_each_reported()
    {
        var driver = new BambuDriver(TimeProvider.System);

        var result = await driver.TestAsync(new PrinterDefinition(Guid.NewGuid(), "P1S", PrinterKind.Bambu, " ", null, SerialNumber: "01S-00C"), CancellationToken.None);

        Assert.Equal(["Address", "Secret", "SerialNumber"], result.Problems.Select(p => p.Field));
    }

    [Fact]
    public async Task An_address_with_a_port_overrides_the_default_port()
    {
        await using var rig = await BambuTestRig.StartAsync();
        var driver = new BambuDriver(TimeProvider.System, new BambuDriverOptions { MqttPort = 1, TestReportTimeout = TimeSpan.FromSeconds(5) });

        var result = await driver.TestAsync(rig.Printer(address: $"127.0.0.1:{rig.Broker.Port}"), CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
    }
}
