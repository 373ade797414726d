using Microsoft.Extensions.Options;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.PrusaLink;

/// <summary>Prusa printers with PrusaLink (MK4, MK3.9, XL, MINI, CORE One built in; MK3/MK2.5 on a Raspberry Pi).</summary>
public sealed class PrusaLinkDriver(IOptions<PrusaLinkOptions> options, TimeProvider timeProvider) : IPrinterDriver
{
    public PrinterKind Kind => PrinterKind.PrusaLink;

    public IPrinterConnection CreateConnection(PrinterDefinition printer)
    {
        var endpoint = PrusaLinkEndpoint.TryCreate(printer, out var problems)
            ?? throw new ArgumentException(string.Join(" ", problems.Select(p => p.Message)), nameof(printer));
        return new PrusaLinkConnection(endpoint, options.Value, timeProvider);
    }

    public async Task<PrinterTestResult> TestAsync(PrinterDefinition printer, CancellationToken cancellationToken)
    {
        var endpoint = PrusaLinkEndpoint.TryCreate(printer, out var problems);
        if (endpoint is null)
        {
            return new PrinterTestResult(problems);
        }

        using var client = new PrusaLinkClient(endpoint, options.Value, timeProvider);
        try
        {
            var version = await client.GetVersionAsync(cancellationToken);
            if (!PrusaLinkIdentity.IsPrusaLink(version))
            {
                return PrinterTestResult.Problem("Address", $"This is not a PrusaLink printer (it says it is '{version.Text ?? "unknown"}').");
            }

            var info = await client.TryGetInfoAsync(cancellationToken);
            var status = await client.GetStatusAsync(cancellationToken);
            var state = PrusaLinkStatusMapper.Normalize(status.Printer!.State);
            var summary = $"{PrusaLinkIdentity.Describe(version, info)} · {(state.Length == 0 ? "state unknown" : state.ToLowerInvariant())}";
            return PrinterTestResult.Ok(summary);
        }
        catch (PrusaLinkException e) when (e.Failure == PrusaLinkFailure.AuthRejected)
        {
            return new PrinterTestResult(AuthProblems(e, endpoint, client.DigestRealm));
        }
        catch (PrusaLinkException e)
        {
            return PrinterTestResult.Problem("Address", e.Failure switch
            {
                PrusaLinkFailure.Malformed or PrusaLinkFailure.TooLarge or PrusaLinkFailure.HttpError =>
                    $"This does not look like a PrusaLink printer: {e.Message}",
                _ => e.Message,
            });
        }
    }

    private static List<PrinterFieldProblem> AuthProblems(PrusaLinkException e, PrusaLinkEndpoint endpoint, string? realm)
    {
        var problems = new List<PrinterFieldProblem> { new("Secret", e.Message) };
        // Buddy firmware (realm "Printer API") has one fixed user; the Raspberry Pi version lets the user choose.
        if (!endpoint.UsesApiKey && realm == "Printer API"
            && !string.Equals(endpoint.UserName, PrusaLinkEndpoint.DefaultUserName, StringComparison.Ordinal))
        {
            problems.Add(new PrinterFieldProblem("UserName", $"Prusa printers with built-in PrusaLink use the user name '{PrusaLinkEndpoint.DefaultUserName}'."));
        }

        return problems;
    }
}
