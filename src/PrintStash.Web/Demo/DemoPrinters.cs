using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Simulation.Moonraker;
using PrintStash.Printers.Simulation.PrusaLink;

namespace PrintStash.Web.Demo;

/// <summary>
/// Starts the demo's simulated printers, one of each kind and then some (three Klipper/Moonraker, a PrusaLink MK4, a
/// Bambu Lab X1 Carbon when mosquitto is installed), and registers them as printers (idempotent: a restart finds the
/// printers by name and points them at the new ports and certificate), plus one unplugged printer to show the
/// reconnect badge, and puts the sample model into the vault through the ingestion pipeline. Simulators stop with the app.
/// </summary>
internal sealed class DemoPrinters(
    IPrinterCatalog catalog,
    DemoSamples samples,
    DemoNotices notices,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<DemoPrinters> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>Simulated seconds per real second: the 12-minute sample prints in about three minutes.</summary>
    public const double TimeScale = 4;

    /// <summary>Nothing listens on the discard port: this printer stays offline and shows "retrying in …".</summary>
    public const string UnpluggedAddress = "http://127.0.0.1:9";

    public const string PrusaName = "Prusa MK4";

    /// <summary>Path of the mosquitto binary (PRINTSTASH_DEMO__MOSQUITTO) when it is not on PATH or in sbin.</summary>
    public const string MosquittoKey = "PrintStash:Demo:Mosquitto";

    private static readonly DemoPrinter[] Printers =
    [
        new("Voron 2.4", "sim-voron", "Workshop", ["farm-a", "petg"], 1, Loop: true),
        new("Trident", "sim-trident", "Workshop", ["farm-a"], 2, Loop: true),
        // Idle until someone sends it a file: the demo's "print something yourself" printer.
        new("Ender 3 (Klipper)", "sim-ender", "Garage", ["pla"], 3, Loop: false),
    ];

    private static readonly AuditActor Actor = new(null, "demo", null);

    private readonly List<IAsyncDisposable> running = [];
    private readonly CancellationTokenSource stop = new();
    private Task? addingSamples;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered after the web project's StartupInitializer: the database is migrated by the time this runs.
        var existing = await catalog.ListAsync(cancellationToken);
        var addresses = new List<string>();
        foreach (var printer in Printers)
        {
            var simulator = new MoonrakerSimulator(new MoonrakerSimulatorOptions
            {
                Hostname = printer.Hostname,
                Seed = printer.Seed,
                TimeScale = TimeScale,
                DemoLoop = printer.Loop,
            });
            running.Add(simulator);
            await simulator.StartAsync(0, cancellationToken);
            addresses.Add(simulator.Address);
            await RegisterAsync(existing, new PrinterInput(printer.Name, PrinterKind.Moonraker, simulator.Address, null, Location: printer.Location, Tags: printer.Tags), cancellationToken);
        }

        await RegisterAsync(existing, new PrinterInput("Spare Voron (unplugged)", PrinterKind.Moonraker, UnpluggedAddress, null, Location: "Garage", Tags: ["spare"]), cancellationToken);

        var prusa = await PrusaLinkSimulator.StartDemoAsync(time, cancellationToken);
        running.Add(prusa);
        addresses.Add(prusa.Address.ToString());
        await RegisterAsync(existing, new PrinterInput(
            PrusaName, PrinterKind.PrusaLink, prusa.Address.ToString(), prusa.Options.Password, UserName: prusa.Options.UserName, Location: "Office", Tags: ["prusa", "pla"]), cancellationToken);

        if (await StartBambuAsync(cancellationToken) is { } bambu)
        {
            running.Add(bambu);
            addresses.Add(bambu.Input.Address);
            await RegisterAsync(existing, bambu.Input, cancellationToken);
        }

        addingSamples = Task.Run(() => AddSamplesAsync(stop.Token), CancellationToken.None);
        logger.LogInformation("Demo mode: {Count} simulated printers on {Addresses}.", addresses.Count, string.Join(", ", addresses));
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

        // Last started first: the Bambu simulator leaves its broker before the broker stops.
        foreach (var simulator in Enumerable.Reverse(running))
        {
            await simulator.DisposeAsync();
        }

        running.Clear();
    }

    private async Task<DemoBambuPrinter?> StartBambuAsync(CancellationToken cancellationToken)
    {
        try
        {
            var bambu = await DemoBambuPrinter.TryStartAsync(LocateMosquitto(), time, cancellationToken);
            if (bambu is null)
            {
                logger.LogWarning("Demo mode: {Notice}", DemoBambuPrinter.MissingMosquitto);
                notices.Add(DemoBambuPrinter.MissingMosquitto);
            }

            return bambu;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Demo mode: the simulated Bambu printer could not start.");
            notices.Add($"The Bambu demo printer could not start: {ex.Message}");
            return null;
        }
    }

    private string? LocateMosquitto() => configuration[MosquittoKey] is { Length: > 0 } configured
        ? File.Exists(configured) ? configured : null
        : DemoMqttBroker.Locate(DemoMqttBroker.DefaultLocations);

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

    /// <summary>
    /// Creates the printer, or points the one with this name at the new address, secret and certificate; the user's
    /// own changes to location, tags and "enabled" stay.
    /// </summary>
    private async Task RegisterAsync(IReadOnlyList<PrinterSummary> existing, PrinterInput input, CancellationToken cancellationToken)
    {
        var known = existing.FirstOrDefault(p => string.Equals(p.Name, input.Name, StringComparison.OrdinalIgnoreCase));
        var result = known is null
            ? await catalog.CreateAsync(input, Actor, cancellationToken)
            : Unchanged(known, input)
                ? null
                : await catalog.UpdateAsync(known.Id, input with { Location = known.Location, Tags = known.Tags, Enabled = known.Enabled }, Actor, cancellationToken);
        if (result is { Succeeded: false })
        {
            logger.LogWarning("Demo mode: could not register {Printer}: {Problems}", input.Name, string.Join(" ", result.Problems.Select(p => $"{p.Field}: {p.Message}")));
        }
    }

    private static bool Unchanged(PrinterSummary known, PrinterInput input) =>
        known.Kind == input.Kind
        && known.Address == input.Address
        && string.Equals(Hex(known.TrustedCertificateSha256), Hex(input.TrustedCertificateSha256), StringComparison.OrdinalIgnoreCase)
        && (input.Secret is null || known.HasSecret);

    private static string? Hex(string? fingerprint) => fingerprint?.Replace(":", "", StringComparison.Ordinal);

    private sealed record DemoPrinter(string Name, string Hostname, string Location, IReadOnlyList<string> Tags, int Seed, bool Loop);
}
