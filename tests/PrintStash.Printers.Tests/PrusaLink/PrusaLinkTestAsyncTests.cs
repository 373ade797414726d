using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.PrusaLink;
using PrintStash.Printers.Simulation.PrusaLink;

namespace PrintStash.Printers.Tests.PrusaLink;

public sealed class PrusaLinkTestAsyncTests
{
    private static readonly PrusaLinkDriver Driver = new(Options.Create(PrusaLinkRig.FastOptions(TimeSpan.FromSeconds(2))), TimeProvider.System);

    [Fact]
    public async Task A_reachable_printer_with_the_right_password_passes_with_a_summary()
    {
        await using var sim = await PrusaLinkSimulator.StartAsync();

        var result = await Driver.TestAsync(PrusaLinkRig.DigestPrinter(sim), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("MK4 · PrusaLink 2.1.2 · firmware 6.1.3+8122 · serial CZPX4720X004XC00001 · idle", result.Summary);
    }

    [Fact]
    public async Task Missing_fields_are_reported_per_field()
    {
        var result = await Driver.TestAsync(new PrinterDefinition(Guid.NewGuid(), "x", PrinterKind.PrusaLink, "  ", null, "a\"b"), CancellationToken.None);

        Assert.Equal(["Address", "Secret", "UserName"], result.Problems.Select(p => p.Field));
    }

    [Fact]
    public async Task An_API_key_that_cannot_be_a_header_is_refused_but_such_a_password_is_fine()
    {
        await using var sim = await PrusaLinkSimulator.StartAsync(new PrusaLinkSimulatorOptions { Password = "pässwört\n" });

        var key = await Driver.TestAsync(PrusaLinkRig.ApiKeyPrinter(sim, "abc\r\nX-Evil: 1"), CancellationToken.None);
        var password = await Driver.TestAsync(PrusaLinkRig.DigestPrinter(sim), CancellationToken.None);

        Assert.Equal("Secret", Assert.Single(key.Problems).Field);
        Assert.Throws<ArgumentException>(() => Driver.CreateConnection(PrusaLinkRig.ApiKeyPrinter(sim, "abc\r\n")));
        Assert.True(password.Succeeded, string.Join("; ", password.Problems));
    }

    [Theory]
    [InlineData("ftp://192.168.1.5")]
    [InlineData("http://192.168.1.5/?x=1")]
    [InlineData("http://user:pw@192.168.1.5")]
    public async Task Addresses_that_are_not_printer_urls_are_refused(string address)
    {
        var result = await Driver.TestAsync(new PrinterDefinition(Guid.NewGuid(), "x", PrinterKind.PrusaLink, address, "secret"), CancellationToken.None);

        Assert.Equal("Address", Assert.Single(result.Problems).Field);
    }

    [Fact]
    public async Task A_bare_host_is_taken_as_http()
    {
        await using var sim = await PrusaLinkSimulator.StartAsync();
        var bare = sim.Address.Authority; // 127.0.0.1:port

        var result = await Driver.TestAsync(PrusaLinkRig.DigestPrinter(sim) with { Address = bare }, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
    }

    [Fact]
    public async Task An_unreachable_address_is_reported_on_the_address_field()
    {
        var port = ClosedPort();

        var result = await Driver.TestAsync(new PrinterDefinition(Guid.NewGuid(), "x", PrinterKind.PrusaLink, $"http://127.0.0.1:{port}", "secret"), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("Address", problem.Field);
        Assert.StartsWith($"Cannot reach the printer at 127.0.0.1:{port}", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", "{\"api\": \"0.1\", \"server\": \"1.10.2\", \"text\": \"OctoPrint 1.10.2\"}", "it says it is 'OctoPrint 1.10.2'")]
    [InlineData("text/html", "<html><body>Router login</body></html>", "does not look like a PrusaLink printer")]
    public async Task Something_that_is_not_PrusaLink_is_reported_on_the_address_field(string contentType, string body, string expected)
    {
        await using var sim = await PrusaLinkSimulator.StartAsync();
        sim.Intercept = (context, _) => Answer(context, 200, contentType, body);

        var result = await Driver.TestAsync(PrusaLinkRig.DigestPrinter(sim), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("Address", problem.Field);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_server_without_the_api_is_not_PrusaLink()
    {
        await using var sim = await PrusaLinkSimulator.StartAsync();
        sim.Intercept = (context, _) => Answer(context, 404, "text/plain", "Not Found");

        var result = await Driver.TestAsync(PrusaLinkRig.DigestPrinter(sim), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Contains("does not look like a PrusaLink printer", problem.Message, StringComparison.Ordinal);
        Assert.Contains("404", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PrusaLink_without_the_v1_api_is_told_to_update()
    {
        await using var sim = await PrusaLinkSimulator.StartAsync();
        sim.Intercept = (context, _) => context.Request.RawUrl == "/api/v1/status"
            ? Answer(context, 404, "text/plain", "Not Found")
            : Task.FromResult(false);

        var result = await Driver.TestAsync(PrusaLinkRig.DigestPrinter(sim), CancellationToken.None);

        Assert.Equal(
            new PrinterFieldProblem("Address", "This PrusaLink is too old for PrintStash (it has no /api/v1/status); update the printer's firmware or PrusaLink."),
            Assert.Single(result.Problems));
    }

    [Fact]
    public async Task A_printer_that_never_answers_times_out_on_the_address_field()
    {
        await using var sim = await PrusaLinkSimulator.StartAsync();
        sim.Intercept = async (_, stopping) =>
        {
            await Task.Delay(Timeout.Infinite, stopping);
            return true;
        };

        var result = await Driver.TestAsync(PrusaLinkRig.DigestPrinter(sim), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("Address", problem.Field);
        Assert.Equal("The printer did not answer /api/version within 2 s.", problem.Message);
    }

    internal static async Task<bool> Answer(HttpListenerContext context, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        return true;
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
