using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Libraries;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Components.Libraries;

/// <summary>Add or edit a library volume; every problem is shown next to its field, all at once.</summary>
public sealed partial class LibraryEditor
{
    private static readonly IReadOnlyList<Choice> SchedulePresets =
    [
        new("none", "No schedule"), new("hourly", "Hourly"), new("nightly", "Nightly (03:00)"), new("weekly", "Weekly (Sunday 03:00)"), new("custom", "Custom (cron)"),
    ];

    private static readonly IReadOnlyList<Choice> WatchModes =
    [
        new(nameof(LibraryWatchMode.Auto), "Auto: local disks only"), new(nameof(LibraryWatchMode.Always), "Always"), new(nameof(LibraryWatchMode.Never), "Never: schedule only"),
    ];

    private string name = string.Empty;
    private string rootPath = string.Empty;
    private string schedulePreset = "nightly";
    private string customCron = string.Empty;
    private string watchMode = nameof(LibraryWatchMode.Auto);
    private string? excludeGlobs;
    private double maxVanishPercent = LibraryVolume.DefaultMaxVanishPercent;
    private int graceHours = LibraryVolume.DefaultMissingGraceHours;
    private string? markerFile;
    private bool enabled = true;
    private string? includeGlobs;
    private FolderCheckResult? folderCheck;
    private bool checking;
    private bool saving;
    private IReadOnlyDictionary<string, string> problems = new Dictionary<string, string>();

    [Parameter]
    public LibraryVolume? Volume { get; set; }

    [Parameter]
    public EventCallback<Guid?> Closed { get; set; }

    [Inject]
    private LibraryVolumeService Volumes { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    private Guid? VolumeId => Volume?.Id;

    protected override void OnParametersSet()
    {
        if (Volume is not { } v)
        {
            return;
        }

        name = v.Name;
        rootPath = v.RootPath;
        var preset = v.CronSchedule is null ? "none" : LibrarySchedule.Presets.FirstOrDefault(p => p.Value == v.CronSchedule).Key;
        schedulePreset = preset ?? "custom";
        customCron = preset is null ? v.CronSchedule ?? string.Empty : string.Empty;
        watchMode = v.WatchMode.ToString();
        excludeGlobs = v.ExcludeGlobs;
        includeGlobs = v.IncludeGlobs;
        maxVanishPercent = v.MaxVanishPercent;
        graceHours = v.MissingGraceHours;
        markerFile = v.MarkerFile;
        enabled = v.Enabled;
    }

    /// <summary>A new path makes the last check and the last save's complaint about the old one stale.</summary>
    private void RootPathChanged()
    {
        folderCheck = null;
        problems = problems.Where(p => p.Key != "rootPath").ToDictionary(p => p.Key, p => p.Value);
    }

    private async Task CheckFolderAsync()
    {
        checking = true;
        try
        {
            folderCheck = await Volumes.CheckFolderAsync(rootPath, VolumeId, CancellationToken.None);
        }
        finally
        {
            checking = false;
        }
    }

    private async Task SaveAsync()
    {
        saving = true;
        try
        {
            var schedule = schedulePreset switch { "none" => null, "custom" => customCron, _ => schedulePreset };
            var input = new LibraryVolumeInput(name, rootPath, enabled, Enum.Parse<LibraryWatchMode>(watchMode), schedule, includeGlobs, excludeGlobs, graceHours, maxVanishPercent, markerFile);
            var actor = await CurrentUser.GetActorAsync();
            var result = VolumeId is { } id
                ? await Volumes.UpdateAsync(id, input, actor, CancellationToken.None)
                : await Volumes.CreateAsync(input, actor, CancellationToken.None);
            problems = result.Problems;
            if (result.Succeeded)
            {
                await Closed.InvokeAsync(result.Id);
            }
        }
        finally
        {
            saving = false;
        }
    }

    private static string CheckClass(FolderCheckStatus status) => status switch
    {
        FolderCheckStatus.Ok => "ps-check-ok",
        FolderCheckStatus.Warning => "ps-check-warn",
        _ => "ps-check-bad",
    };

    private static string CheckIcon(FolderCheckStatus status) => status switch
    {
        FolderCheckStatus.Ok => "check_circle",
        FolderCheckStatus.Warning => "info",
        _ => "error",
    };

    private sealed record Choice(string Value, string Text);
}
