using System.Globalization;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Web.Components.Printers;

/// <summary>How printer state reads on screen: words, colours, durations, temperatures. Pure functions, one vocabulary for every page.</summary>
public static class PrinterFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>What the printer is doing, or why we cannot tell.</summary>
    public static string StateText(PrinterSnapshot s) => s.Connection switch
    {
        PrinterConnectionState.Disabled => "Disabled",
        PrinterConnectionState.Connecting => "Connecting…",
        PrinterConnectionState.AuthFailed => "Access rejected",
        PrinterConnectionState.Offline => "Offline",
        _ => ActivityText(s.Status.Activity),
    };

    public static string ActivityText(PrinterActivity activity) => activity switch
    {
        PrinterActivity.Standby => "Idle",
        PrinterActivity.Printing => "Printing",
        PrinterActivity.Paused => "Paused",
        PrinterActivity.Complete => "Finished",
        PrinterActivity.Error => "Error",
        PrinterActivity.Cancelled => "Cancelled",
        _ => "Unknown",
    };

    /// <summary>A CSS modifier for the state colour (see PrinterCard.razor.css and app.css .ps-state-*).</summary>
    public static string StateClass(PrinterSnapshot s) => "ps-state-" + StateGroup(s).ToString().ToLowerInvariant();

    public static PrinterStateGroup StateGroup(PrinterSnapshot s) => s.Connection switch
    {
        PrinterConnectionState.Disabled => PrinterStateGroup.Disabled,
        PrinterConnectionState.Offline or PrinterConnectionState.AuthFailed or PrinterConnectionState.Connecting => PrinterStateGroup.Offline,
        _ => s.Status.Activity switch
        {
            PrinterActivity.Printing => PrinterStateGroup.Printing,
            PrinterActivity.Paused => PrinterStateGroup.Paused,
            PrinterActivity.Error => PrinterStateGroup.Error,
            _ => PrinterStateGroup.Idle,
        },
    };

    /// <summary>"Offline · retrying in 12 s"; null while connected.</summary>
    public static string? ConnectionText(PrinterSnapshot s, DateTime nowUtc)
    {
        var retry = s.NextRetryAt is { } at && at > nowUtc ? " · retrying in " + Countdown(at - nowUtc) : s.NextRetryAt is not null ? " · retrying now" : string.Empty;
        return s.Connection switch
        {
            PrinterConnectionState.Offline => "Offline" + retry,
            PrinterConnectionState.AuthFailed => "Access rejected" + retry,
            PrinterConnectionState.Connecting => "Connecting…",
            PrinterConnectionState.Disabled => "Disabled",
            _ => null,
        };
    }

    /// <summary>"12 s", "3 min", "1 h 5 min"; whole seconds, rounded up so a countdown never shows 0 before it fires.</summary>
    public static string Countdown(TimeSpan span)
    {
        var seconds = (int)Math.Ceiling(Math.Max(0, span.TotalSeconds));
        return seconds < 60 ? $"{seconds} s" : Duration(TimeSpan.FromSeconds(seconds));
    }

    /// <summary>"45 s", "12 min", "2 h 05 min", "3 d 4 h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds} s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min"
            : span.TotalHours < 48 ? string.Create(Invariant, $"{(int)span.TotalHours} h {span.Minutes:00} min")
            : $"{(int)span.TotalDays} d {span.Hours} h";
    }

    public static string Duration(double seconds) => Duration(TimeSpan.FromSeconds(double.IsFinite(seconds) ? seconds : 0));

    /// <summary>"ends in 1 h 05 min" from the ETA; null when there is none.</summary>
    public static string? EtaText(PrinterSnapshot s, DateTime nowUtc) =>
        s.Eta is { } eta && s.Status.Activity is PrinterActivity.Printing or PrinterActivity.Paused
            ? (eta <= nowUtc ? "ending now" : "ends in " + Duration(eta - nowUtc))
            : null;

    public static string Percent(double? fraction) => fraction is { } f ? ((int)Math.Floor(Math.Clamp(f, 0, 1) * 100)).ToString(Invariant) + " %" : "–";

    /// <summary>"215 / 220 °C" while heating, "42 °C" for a sensor or a heater that is off.</summary>
    public static string Temperature(HeaterReading heater) =>
        heater.Target is { } target && target > 0
            ? string.Create(Invariant, $"{heater.Current:0} / {target:0} °C")
            : string.Create(Invariant, $"{heater.Current:0} °C");

    /// <summary>"extruder" → "Nozzle", "extruder1" → "Nozzle 2", "heater_bed" → "Bed", "heater_generic chamber" → "Chamber".</summary>
    public static string HeaterName(string name)
    {
        if (name == "extruder")
        {
            return "Nozzle";
        }

        if (name.StartsWith("extruder", StringComparison.Ordinal) && int.TryParse(name.AsSpan(8), NumberStyles.None, Invariant, out var n))
        {
            return "Nozzle " + (n + 1).ToString(Invariant);
        }

        if (name is "heater_bed" or "bed")
        {
            return "Bed";
        }

        var last = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? name;
        last = last.Replace('_', ' ');
        return last.Length == 0 ? name : char.ToUpperInvariant(last[0]) + last[1..];
    }

    public static string KindText(PrinterKind kind) => kind switch
    {
        PrinterKind.Moonraker => "Klipper (Moonraker)",
        PrinterKind.Bambu => "Bambu Lab",
        PrinterKind.PrusaLink => "PrusaLink",
        _ => kind.ToString(),
    };

    public static string JobStatusText(PrintJobStatus status) => status switch
    {
        PrintJobStatus.InProgress => "Printing",
        PrintJobStatus.Completed => "Completed",
        PrintJobStatus.Cancelled => "Cancelled",
        PrintJobStatus.Error => "Failed",
        PrintJobStatus.KlippyShutdown => "Klipper shut down",
        PrintJobStatus.Interrupted => "Interrupted",
        _ => status.ToString(),
    };

    public static Radzen.BadgeStyle JobStatusStyle(PrintJobStatus status) => status switch
    {
        PrintJobStatus.Completed => Radzen.BadgeStyle.Success,
        PrintJobStatus.InProgress => Radzen.BadgeStyle.Info,
        PrintJobStatus.Cancelled => Radzen.BadgeStyle.Warning,
        _ => Radzen.BadgeStyle.Danger,
    };

    public static string Filament(double? mm, double? grams) =>
        grams is { } g && g > 0 ? string.Create(Invariant, $"{g:0.#} g")
        : mm is { } m && m > 0 ? string.Create(Invariant, $"{m / 1000:0.##} m")
        : "–";

    public static string When(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd HH:mm", Invariant);
}

/// <summary>States as the dashboard filters and colours them.</summary>
public enum PrinterStateGroup
{
    Printing,
    Paused,
    Idle,
    Error,
    Offline,
    Disabled,
}
