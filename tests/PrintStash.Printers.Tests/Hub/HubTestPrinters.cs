using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Hub;

namespace PrintStash.Printers.Tests.Hub;

internal static class HubTestPrinters
{
    public static PrinterHub NewHub(FakeTimeProvider time, PrintersOptions? options = null) =>
        new(Options.Create(options ?? new PrintersOptions()), time);

    public static PrinterSnapshot Printer(string name, Guid? id = null) => new()
    {
        PrinterId = id ?? Guid.NewGuid(),
        Name = name,
        Slug = name.ToLowerInvariant(),
        Kind = PrinterKind.Moonraker,
    };

    public static PrinterStatus Printing(double progress, double nozzle = 215) => new()
    {
        Activity = PrinterActivity.Printing,
        FileName = "benchy.gcode",
        Progress = progress,
        Remaining = TimeSpan.FromMinutes(30),
        Heaters = ImmutableArray.Create(new HeaterReading("extruder", nozzle, 215), new HeaterReading("heater_bed", 60, 60)),
    };

    /// <summary>Reads batches until one arrives or the fake clock has been advanced past the batch window.</summary>
    public static async Task<PrinterChangeBatch> NextBatchAsync(IAsyncEnumerator<PrinterChangeBatch> changes, FakeTimeProvider time, PrintersOptions? options = null)
    {
        var next = changes.MoveNextAsync().AsTask();
        time.Advance((options ?? new PrintersOptions()).BatchWindow);
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)), "The subscription ended.");
        return changes.Current;
    }
}
