using System.Globalization;
using PrintStash.Domain.Entities;

namespace PrintStash.Web.Components.Vault;

/// <summary>How vault values read on screen: sizes, durations, lengths, kinds and states in words.</summary>
public static class VaultFormat
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024d).ToString("0.#", Culture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / (1024d * 1024)).ToString("0.#", Culture) + " MB",
        _ => (bytes / (1024d * 1024 * 1024)).ToString("0.##", Culture) + " GB",
    };

    /// <summary>"1:05" for one hour five minutes, "0:42" for 42 minutes, "26:00" for a day and two hours.</summary>
    public static string Duration(TimeSpan time)
    {
        var minutes = (long)Math.Round(time.TotalMinutes, MidpointRounding.AwayFromZero);
        return $"{(minutes / 60).ToString(Culture)}:{(minutes % 60).ToString("00", Culture)}";
    }

    public static string Number(double value, string format = "0.##") => value.ToString(format, Culture);

    public static string Count(long value) => value.ToString("#,0", Culture);

    public static string When(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd HH:mm", Culture);

    public static string Day(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd", Culture);

    public static string Kind(string kind) => kind switch
    {
        "Stl" => "STL",
        "Obj" => "OBJ",
        "ThreeMf" => "3MF",
        "Step" => "STEP",
        "Zip" => "ZIP",
        "GCode" => "G-code",
        "GCode3mf" => "G-code 3MF",
        "BGCode" => "Binary G-code",
        _ => kind,
    };

    public static string Status(PrintStatus status) => status switch
    {
        PrintStatus.NeedsTest => "Needs test",
        PrintStatus.KnownGood => "Known good",
        PrintStatus.Failed => "Failed",
        PrintStatus.Archived => "Archived",
        _ => status.ToString(),
    };

    public static Radzen.BadgeStyle StatusStyle(PrintStatus status) => status switch
    {
        PrintStatus.KnownGood => Radzen.BadgeStyle.Success,
        PrintStatus.Failed => Radzen.BadgeStyle.Danger,
        PrintStatus.Archived => Radzen.BadgeStyle.Light,
        _ => Radzen.BadgeStyle.Warning,
    };

    public static string Origin(IngestOrigin origin) => origin switch
    {
        IngestOrigin.BrowserUpload => "uploaded in the browser",
        IngestOrigin.Api => "sent through the API",
        IngestOrigin.SlicerHook => "sent by a slicer",
        IngestOrigin.OctoPrintApi => "sent by a slicer (OctoPrint API)",
        IngestOrigin.Library => "found in a library folder",
        IngestOrigin.Rebuild => "restored from storage",
        _ => origin.ToString(),
    };

    /// <summary>"1 file", "3 files".</summary>
    public static string Plural(int count, string singular, string? plural = null) =>
        $"{count.ToString(Culture)} {(count == 1 ? singular : plural ?? singular + "s")}";
}
