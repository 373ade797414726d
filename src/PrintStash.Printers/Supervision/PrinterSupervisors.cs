using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Hub;
using PrintStash.Printers.Jobs;

namespace PrintStash.Printers.Supervision;

/// <summary>
/// The set of running supervisors, reconciled against the printers table: one supervisor per enabled printer,
/// restarted when its configuration changes, stopped when the printer is disabled or deleted. Also keeps the hub's
/// list of printers in step with the table.
/// </summary>
public sealed class PrinterSupervisors(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    PrinterDrivers drivers,
    IPrinterSecretProtector secrets,
    PrinterHub hub,
    JobLedger ledger,
    IOptions<PrintersOptions> options,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, PrinterSupervisor> running = new();
    private readonly SemaphoreSlim reconcileGate = new(1, 1);
    private readonly ILogger logger = loggerFactory.CreateLogger<PrinterSupervisors>();
    private readonly Random random = new();
    private readonly Lock randomGate = new();

    /// <summary>Printers with a running supervisor.</summary>
    public int Count => running.Count;

    /// <summary>The live connection of the printer when it is online, else null.</summary>
    public IPrinterConnection? LiveConnection(Guid printerId) => running.TryGetValue(printerId, out var supervisor) ? supervisor.LiveConnection : null;

    public bool IsSupervised(Guid printerId) => running.ContainsKey(printerId);

    internal PrinterSupervisor? Find(Guid printerId) => running.GetValueOrDefault(printerId);

    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await reconcileGate.WaitAsync(cancellationToken);
        try
        {
            List<Printer> printers;
            await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                printers = await context.Printers.AsNoTracking().ToListAsync(cancellationToken);
            }

            var known = printers.Select(p => p.Id).ToHashSet();
            foreach (var gone in running.Keys.Where(id => !known.Contains(id)).ToList())
            {
                await StopAsync(gone);
            }

            foreach (var snapshot in hub.Snapshots.Where(s => !known.Contains(s.PrinterId)))
            {
                hub.Remove(snapshot.PrinterId);
            }

            foreach (var printer in printers)
            {
                await ReconcileAsync(printer);
            }
        }
        finally
        {
            reconcileGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(running.Keys.ToList().Select(id => StopAsync(id).AsTask()));
    }

    private async Task ReconcileAsync(Printer printer)
    {
        hub.Upsert(SeedSnapshot(printer));
        if (!printer.Enabled)
        {
            await StopAsync(printer.Id);
            hub.Update(printer.Id, s => s with { Connection = PrinterConnectionState.Disabled, NextRetryAt = null, ConnectionError = null });
            return;
        }

        var fingerprint = Fingerprint(printer);
        if (running.TryGetValue(printer.Id, out var current) && current.Fingerprint == fingerprint)
        {
            return;
        }

        await StopAsync(printer.Id);
        var driver = drivers.For(printer.Kind);
        if (driver is null)
        {
            hub.Update(printer.Id, s => s with { Connection = PrinterConnectionState.Offline, NextRetryAt = null, ConnectionError = PrinterDrivers.Missing(printer.Kind) });
            return;
        }

        string? secret = null;
        if (printer.ProtectedSecret is { Length: > 0 } protectedSecret)
        {
            try
            {
                secret = secrets.Unprotect(protectedSecret);
            }
            catch (Exception ex)
            {
                // Retried at the next reconcile; the user fixes it by entering the key again.
                logger.LogWarning(ex, "The stored secret of printer {Printer} cannot be decrypted", printer.Name);
                var retryAt = time.GetUtcNow().UtcDateTime + options.Value.ReconcileInterval;
                hub.Update(printer.Id, s => s with
                {
                    Connection = PrinterConnectionState.AuthFailed,
                    NextRetryAt = retryAt,
                    ConnectionError = "The stored key cannot be decrypted (were the server's data protection keys lost?). Edit the printer and enter the key again.",
                });
                return;
            }
        }

        var definition = new PrinterDefinition(printer.Id, printer.Name, printer.Kind, printer.Address, secret, printer.UserName, printer.SerialNumber, printer.TrustedCertificateSha256);
        var supervisor = new PrinterSupervisor(definition, fingerprint, driver, hub, ledger, options.Value, time, loggerFactory.CreateLogger<PrinterSupervisor>(), NextRandom);
        running[printer.Id] = supervisor;
        supervisor.Start();
    }

    private async ValueTask StopAsync(Guid printerId)
    {
        if (running.TryRemove(printerId, out var supervisor))
        {
            await supervisor.DisposeAsync();
        }
    }

    /// <summary>What the hub shows for a printer before (or without) a live connection: the coarse snapshot of its row.</summary>
    internal static PrinterSnapshot SeedSnapshot(Printer printer) => new()
    {
        PrinterId = printer.Id,
        Name = printer.Name,
        Slug = printer.Slug,
        Kind = printer.Kind,
        Location = printer.Location,
        Tags = PrinterTags.Split(printer.Tags),
        Connection = printer.Enabled ? PrinterConnectionState.Connecting : PrinterConnectionState.Disabled,
        LastSeenAt = printer.LastSeenAt,
        CurrentJobId = printer.CurrentJobId,
        Status = Enum.TryParse<PrinterActivity>(printer.LastState, ignoreCase: true, out var activity) && Enum.IsDefined(activity)
            ? new PrinterStatus { Activity = activity }
            : PrinterStatus.Unknown,
    };

    private static string Fingerprint(Printer printer)
    {
        var text = string.Join('\n', printer.Kind, printer.Name, printer.Address, printer.ProtectedSecret, printer.UserName, printer.SerialNumber, printer.TrustedCertificateSha256);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private double NextRandom()
    {
        lock (randomGate)
        {
            return random.NextDouble();
        }
    }
}
