using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Simulation.Moonraker;

namespace PrintStash.Web.Demo;

/// <summary>
/// Starts the demo's Moonraker simulators and registers them as printers (idempotent: a restart finds the printers by
/// name and points them at the new ports), plus one unplugged printer to show the reconnect badge, and puts the sample
/// model into the vault through the ingestion pipeline. Simulators stop with the app.
/// </summary>
internal sealed class DemoPrinters(
    IPrinterCatalog catalog,
    DemoSamples samples,
    ILogger<DemoPrinters> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>Simulated seconds per real second: the 12-minute sample prints in about three minutes.</summary>
    public const double TimeScale = 4;

    /// <summary>Nothing listens on the discard port: this printer stays offline and shows "retrying in …".</summary>
    public const string UnpluggedAddress = "http://127.0.0.1:9";

    private static readonly DemoPrinter[] Printers =
    [
        new("Voron 2.4", "sim-voron", "Workshop", ["farm-a", "petg"], 1, Loop: true),
        new("Trident", "sim-trident", "Workshop", ["farm-a"], 2, Loop: true),
        // Idle until someone sends it a file: the demo's "print something yourself" printer.
        new("Ender 3 (Klipper)", "sim-ender", "Garage", ["pla"], 3, Loop: false),
    ];

    private static readonly AuditActor Actor = new(null, "demo", null);

    private readonly List<MoonrakerSimulator> simulators = [];
    private readonly CancellationTokenSource stop = new();
    private Task? addingSamples;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered after the web project's StartupInitializer: the database is migrated by the time this runs.
        var existing = await catalog.ListAsync(cancellationToken);
        foreach (var printer in Printers)
        {
            var simulator = new MoonrakerSimulator(new MoonrakerSimulatorOptions
            {
                Hostname = printer.Hostname,
                Seed = printer.Seed,
                TimeScale = TimeScale,
                DemoLoop = printer.Loop,
            });
            await simulator.StartAsync(0, cancellationToken);
            simulators.Add(simulator);
            await RegisterAsync(existing, printer.Name, simulator.Address, printer.Location, printer.Tags, cancellationToken);
        }

        await RegisterAsync(existing, "Spare Voron (unplugged)", UnpluggedAddress, "Garage", ["spare"], cancellationToken);
        addingSamples = Task.Run(() => AddSamplesAsync(stop.Token), CancellationToken.None);
        logger.LogInformation("Demo mode: {Count} simulated printers on {Addresses}.", simulators.Count, string.Join(", ", simulators.Select(s => s.Address)));
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (addingSamples is not null)
        {
            await addingSamples;
            addingSamples = null;
        }

        foreach (var simulator in simulators)
        {
            await simulator.DisposeAsync();
        }

        simulators.Clear();
    }

    private async Task AddSamplesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await samples.AddWhenAnAdminExistsAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The app stopped first.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Demo mode: the sample model could not be added.");
        }
    }

    private async Task RegisterAsync(
        IReadOnlyList<PrinterSummary> existing, string name, string address, string location, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var input = new PrinterInput(name, PrinterKind.Moonraker, address, null, Location: location, Tags: tags);
        var known = existing.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        var result = known is null
            ? await catalog.CreateAsync(input, Actor, cancellationToken)
            : known.Address == address
                ? null
                : await catalog.UpdateAsync(known.Id, input with { Location = known.Location, Tags = known.Tags, Enabled = known.Enabled }, Actor, cancellationToken);
        if (result is { Succeeded: false })
        {
            logger.LogWarning("Demo mode: could not register {Printer}: {Problems}", name, string.Join(" ", result.Problems.Select(p => $"{p.Field}: {p.Message}")));
        }
    }

    private sealed record DemoPrinter(string Name, string Hostname, string Location, IReadOnlyList<string> Tags, int Seed, bool Loop);
}
