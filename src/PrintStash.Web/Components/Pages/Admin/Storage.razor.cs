using System.Globalization;
using Microsoft.AspNetCore.Components;
using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;
using PrintStash.Web.Components.Vault;
using Radzen;

namespace PrintStash.Web.Components.Pages.Admin;

/// <summary>Storage upkeep: the last storage check, rebuilding the index from storage, emptying expired trash.</summary>
/// <remarks>The operations run to the end even if the page closes: a half-done rebuild or purge helps nobody.</remarks>
public sealed partial class Storage
{
    private StorageReport? report;
    private RebuildReport? rebuild;
    private PurgeReport? purge;
    private bool checking;
    private bool rebuilding;
    private bool purging;
    private int retentionDays;
    private string storageRoot = string.Empty;

    [Inject]
    private StorageRecovery Recovery { get; set; } = default!;

    [Inject]
    private IndexRebuilder Rebuilder { get; set; } = default!;

    [Inject]
    private TrashPurger Purger { get; set; } = default!;

    [Inject]
    private StoragePaths Paths { get; set; } = default!;

    [Inject]
    private ISettingsResolver Settings { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    protected override void OnInitialized()
    {
        report = Recovery.LastReport;
        retentionDays = Settings.Get(SettingCatalog.TrashRetentionDays);
        storageRoot = Paths.Root;
    }

    private async Task CheckAsync()
    {
        checking = true;
        try
        {
            report = await Recovery.CheckAsync(CancellationToken.None);
            Notifications.Notify(NotificationSeverity.Info, "Storage checked",
                report.BlobsWithoutRows.Count + report.RowsWithoutBlobs.Count == 0 ? "Storage and index agree." : "Differences found: see the report.");
        }
        finally
        {
            checking = false;
        }
    }

    private async Task RebuildAsync()
    {
        var confirmed = await Dialogs.Confirm(
            "PrintStash reads every printstash.json in storage and recreates the models the database does not know. Existing models are not changed. This can take a while for a large vault.",
            "Rebuild the index from storage?",
            new ConfirmOptions { OkButtonText = "Rebuild", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        rebuilding = true;
        try
        {
            rebuild = await Rebuilder.RebuildAsync(await CurrentUser.GetActorAsync(), CancellationToken.None);
            Notifications.Notify(NotificationSeverity.Success, "Index rebuilt",
                $"{VaultFormat.Plural(rebuild.ModelsRestored, "model")} and {VaultFormat.Plural(rebuild.FilesRestored, "file")} restored.");
        }
        finally
        {
            rebuilding = false;
        }
    }

    private async Task PurgeAsync()
    {
        purging = true;
        try
        {
            retentionDays = Settings.Get(SettingCatalog.TrashRetentionDays);
            purge = await Purger.PurgeExpiredAsync(CancellationToken.None);
            Notifications.Notify(NotificationSeverity.Info, "Expired trash emptied",
                $"{VaultFormat.Plural(purge.ModelsPurged, "model")}, {VaultFormat.Plural(purge.FilesPurged, "file")} deleted; {VaultFormat.Plural(purge.BlobsDeleted, "stored file")} freed.");
        }
        finally
        {
            purging = false;
        }
    }

    private static string Count(int value) => value == 0 ? "none" : value.ToString("#,0", CultureInfo.InvariantCulture);
}
