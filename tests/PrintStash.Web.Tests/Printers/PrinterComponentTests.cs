using System.Collections.Immutable;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Web.Components.Printers;
using PrintStash.Web.Tests.TestSupport;
using Pages = PrintStash.Web.Components.Pages;

namespace PrintStash.Web.Tests.Printers;

/// <summary>Printer components rendered with HtmlRenderer, and the pure pieces behind them.</summary>
public sealed class PrinterComponentTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task PrinterCard_Offline_ShowsRetryCountdownAndReason()
    {
        await using var app = new PrintStashAppFactory();
        var snapshot = Snapshot() with
        {
            Connection = PrinterConnectionState.Offline,
            NextRetryAt = Now.AddSeconds(11.2),
            ConnectionError = "Cannot reach Moonraker at http://voron.local:7125/",
        };

        var html = await CardAsync(app, snapshot, compact: false);

        Assert.Contains("Offline · retrying in 12 s", html, StringComparison.Ordinal);
        Assert.Contains("Cannot reach Moonraker", html, StringComparison.Ordinal);
        Assert.Contains("data-state=\"offline\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Nozzle", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrinterCard_Printing_ShowsProgressLayerEtaAndHeaterTargetsButNotSensors()
    {
        await using var app = new PrintStashAppFactory();

        var html = await CardAsync(app, Printing(), compact: false);

        Assert.Contains("data-state=\"printing\"", html, StringComparison.Ordinal);
        Assert.Contains("benchy.gcode", html, StringComparison.Ordinal);
        Assert.Contains("42 %", html, StringComparison.Ordinal);
        Assert.Contains("aria-valuenow=\"42\"", html, StringComparison.Ordinal);
        Assert.Contains("layer 12 / 80", html, StringComparison.Ordinal);
        Assert.Contains("ends in 1 h 05 min", html, StringComparison.Ordinal);
        Assert.Contains("215 / 220 °C", html, StringComparison.Ordinal);
        Assert.Contains("Bed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Host", html, StringComparison.Ordinal);
        Assert.Contains("/thumbnail?v=abc", html, StringComparison.Ordinal);
        Assert.Contains("farm-a", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrinterCard_Compact_IsOneLineWithoutTemperaturesOrThumbnail()
    {
        await using var app = new PrintStashAppFactory();

        var html = await CardAsync(app, Printing(), compact: true);

        Assert.Contains("ps-pc-compact", html, StringComparison.Ordinal);
        Assert.Contains("42 %", html, StringComparison.Ordinal);
        Assert.DoesNotContain("°C", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UserRole.Admin, "Add a printer")]
    [InlineData(UserRole.Viewer, "An Admin adds printers")]
    public async Task Dashboard_WithoutPrinters_SaysHowToAddOne(UserRole role, string expected)
    {
        await using var app = new PrintStashAppFactory();

        var html = await ComponentRenderer.RenderAsync<Pages.Home>(app, role);

        Assert.Contains("No printers yet", html, StringComparison.Ordinal);
        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(59.9, "59 s")]
    [InlineData(754, "12 min")]
    [InlineData(3900, "1 h 05 min")]
    [InlineData(200_000, "2 d 7 h")]
    [InlineData(-5, "0 s")]
    [InlineData(double.NaN, "0 s")]
    public void Duration_ReadsLikeAPerson(double seconds, string expected) => Assert.Equal(expected, PrinterFormat.Duration(seconds));

    [Theory]
    [InlineData("extruder", "Nozzle")]
    [InlineData("extruder1", "Nozzle 2")]
    [InlineData("heater_bed", "Bed")]
    [InlineData("heater_generic chamber", "Chamber")]
    [InlineData("temperature_sensor mcu_temp", "Mcu temp")]
    [InlineData("", "")]
    public void HeaterName_IsShortAndReadable(string name, string expected) => Assert.Equal(expected, PrinterFormat.HeaterName(name));

    [Fact]
    public void TemperatureChart_AnHourAtOneSamplePerSecond_IsDownsampledToTheLimit()
    {
        var samples = Enumerable.Range(0, 3600)
            .Select(i => new PrinterSample(Now.AddSeconds(i), i / 3600.0, [new HeaterReading("extruder", i % 250, 215), new HeaterReading("host", 40, null)]))
            .ToList();

        var series = TemperatureChart.From(samples);

        Assert.Equal(["Nozzle", "Host"], series.Select(s => s.Name));
        Assert.InRange(series[0].Current.Count, 2, TemperatureChart.MaxPoints + 1);
        Assert.Equal(series[0].Current.Count, series[0].Target.Count);
        Assert.Empty(series[1].Target);
        Assert.Equal(3599 % 250, series[0].Current[^1].Value);
        Assert.Empty(TemperatureChart.From([]));
    }

    [Fact]
    public void PrinterBoard_Resync_DropsPrintersMissingFromIt_AndIgnoresStaleVersions()
    {
        var a = Snapshot() with { PrinterId = Guid.NewGuid(), Name = "A", Version = 5 };
        var b = Snapshot() with { PrinterId = Guid.NewGuid(), Name = "B", Version = 6 };
        var board = new PrinterBoard([a, b]);

        Assert.False(board.Apply(new PrinterChangeBatch([a with { Version = 4, Name = "stale" }], [])));
        Assert.Equal("A", board.All[0].Name);

        Assert.True(board.Apply(new PrinterChangeBatch([a with { Version = 7 }], [], Resync: true)));
        Assert.Equal([a.PrinterId], board.All.Select(p => p.PrinterId));
    }

    [Fact]
    public void PrinterBoardFilter_MatchesStateTagAndLocationIgnoringCase()
    {
        var printing = Printing();
        Assert.True(new PrinterBoardFilter(PrinterStateGroup.Printing, "FARM-A", "workshop").Matches(printing));
        Assert.False(new PrinterBoardFilter(PrinterStateGroup.Idle).Matches(printing));
        Assert.False(new PrinterBoardFilter(Tag: "petg").Matches(printing));
    }

    /// <summary>The card's HTML with entities decoded ("·" and "°" are encoded by the renderer).</summary>
    private static async Task<string> CardAsync(PrintStashAppFactory app, PrinterSnapshot snapshot, bool compact) =>
        System.Net.WebUtility.HtmlDecode(await ComponentRenderer.RenderAsync<PrinterCard>(app, UserRole.Viewer, new Dictionary<string, object?>
        {
            [nameof(PrinterCard.Snapshot)] = snapshot,
            [nameof(PrinterCard.Compact)] = compact,
            [nameof(PrinterCard.Now)] = Now,
        }));

    private static PrinterSnapshot Snapshot() => new()
    {
        PrinterId = Guid.NewGuid(),
        Name = "Voron 2.4",
        Slug = "voron-2-4",
        Kind = PrinterKind.Moonraker,
        Location = "Workshop",
        Tags = ["farm-a"],
        Connection = PrinterConnectionState.Online,
        Status = new PrinterStatus { Activity = PrinterActivity.Standby },
    };

    private static PrinterSnapshot Printing() => Snapshot() with
    {
        Eta = Now.AddMinutes(65).AddSeconds(10),
        ThumbnailKey = "abc",
        Status = new PrinterStatus
        {
            Activity = PrinterActivity.Printing,
            FileName = "benchy.gcode",
            Progress = 0.4271,
            CurrentLayer = 12,
            TotalLayers = 80,
            Heaters = ImmutableArray.Create(new HeaterReading("extruder", 215.2, 220), new HeaterReading("heater_bed", 60, 60), new HeaterReading("host", 41, null)),
        },
    };
}
