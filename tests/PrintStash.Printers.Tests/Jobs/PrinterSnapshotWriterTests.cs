using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Jobs;
using Microsoft.Extensions.DependencyInjection;
using PrintStash.Printers.Tests.TestSupport;

namespace PrintStash.Printers.Tests.Jobs;

public sealed class PrinterSnapshotWriterTests
{
    [Fact]
    public async Task State_changes_are_written_at_once_and_unchanged_state_at_most_every_thirty_seconds()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        harness.Driver.Behaviour = TestSessionBehaviour.Fail;
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        var writer = NewWriter(harness);
        writer.Remember(harness.Hub.Snapshots);

        Assert.Equal(1, await writer.WriteDueAsync([Report(harness, printer.Id, PrinterActivity.Printing)], CancellationToken.None));
        Assert.Equal("Printing", (await Row(harness, printer.Id)).LastState);

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await writer.WriteDueAsync([Report(harness, printer.Id, PrinterActivity.Printing)], CancellationToken.None));

        harness.Time.Advance(TimeSpan.FromSeconds(21));
        var seen = Report(harness, printer.Id, PrinterActivity.Printing);
        Assert.Equal(1, await writer.WriteDueAsync([seen], CancellationToken.None));
        Assert.Equal(seen.LastSeenAt, (await Row(harness, printer.Id)).LastSeenAt);

        Assert.Equal(1, await writer.WriteDueAsync([Report(harness, printer.Id, PrinterActivity.Paused)], CancellationToken.None));
        Assert.Equal("Paused", (await Row(harness, printer.Id)).LastState);
    }

    [Fact]
    public async Task Clock_going_back_does_not_hold_off_the_next_write()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        harness.Driver.Behaviour = TestSessionBehaviour.Fail;
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        var writer = NewWriter(harness);

        Assert.Equal(1, await writer.WriteDueAsync([Report(harness, printer.Id, PrinterActivity.Printing)], CancellationToken.None));
        harness.Time.Jump(TimeSpan.FromHours(-2));
        Assert.Equal(1, await writer.WriteDueAsync([Report(harness, printer.Id, PrinterActivity.Printing)], CancellationToken.None));
        harness.Time.Jump(TimeSpan.FromHours(5));
        Assert.Equal(1, await writer.WriteDueAsync([Report(harness, printer.Id, PrinterActivity.Printing)], CancellationToken.None));
    }

    [Fact]
    public async Task Written_snapshot_seeds_the_hub_of_the_next_start()
    {
        Guid printerId;
        string dataDir;
        await using (var first = await PrintersHarness.CreateAsync())
        {
            var printer = await first.AddPrinterAsync();
            printerId = printer.Id;
            first.Driver.Behaviour = TestSessionBehaviour.Fail;
            await first.Supervisors.ReconcileAsync(CancellationToken.None);
            await NewWriter(first).WriteDueAsync([Report(first, printer.Id, PrinterActivity.Paused)], CancellationToken.None);
            var row = await Row(first, printerId);
            Assert.Equal("Paused", row.LastState);

            // A fresh hub built from the same rows, as after a restart.
            var restarted = PrintStash.Printers.Supervision.PrinterSupervisors.SeedSnapshot(row);
            Assert.Equal(PrinterActivity.Paused, restarted.Status.Activity);
            Assert.Equal(row.LastSeenAt, restarted.LastSeenAt);
            dataDir = first.DataDir;
        }

        Assert.False(Directory.Exists(dataDir));
    }

    private static PrinterSnapshotWriter NewWriter(PrintersHarness harness) =>
        harness.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<PrinterSnapshotWriter>().Single();

    private static PrinterSnapshot Report(PrintersHarness harness, Guid printerId, PrinterActivity activity) =>
        harness.Hub.ReportStatus(printerId, new PrinterStatus { Activity = activity })!;

    private static async Task<Printer> Row(PrintersHarness harness, Guid printerId)
    {
        await using var context = harness.CreateContext();
        return await context.Printers.AsNoTracking().SingleAsync(p => p.Id == printerId);
    }
}
