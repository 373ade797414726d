namespace PrintStash.Domain.Settings;

/// <summary>Every setting an admin may change live. Later features add theirs here.</summary>
public sealed class SettingCatalog
{
    public static readonly TextSetting SiteName = new(
        "Site:Name", "Site name", "Shown in the header next to the logo.", "PrintStash", 64);

    public static readonly IntegerSetting MaxFailedSignIns = new(
        "Auth:MaxFailedSignIns", "Failed sign-ins before lockout", "Wrong passwords in a row, per user name and per address, before sign-in is paused.", 5, 1, 100);

    public static readonly IntegerSetting LockoutMinutes = new(
        "Auth:LockoutMinutes", "Lockout minutes", "How long sign-in stays paused after too many failures.", 15, 1, 1440);

    public static readonly IntegerSetting SessionDays = new(
        "Auth:SessionDays", "Session length (days)", "How long a browser stays signed in without activity.", 14, 1, 365);

    public static readonly IntegerSetting TrashRetentionDays = new(
        "Trash:RetentionDays", "Trash retention (days)", "Items in the trash are purged after this many days.", 30, 1, 3650);

    public static readonly IntegerSetting MaxUploadMegabytes = new(
        "Uploads:MaxFileMegabytes", "Largest file (MB)", "Uploads and API files above this size are refused before they fill the disk.", 2048, 1, 1_048_576);

    public IReadOnlyList<SettingDefinition> All { get; } = [SiteName, MaxFailedSignIns, LockoutMinutes, SessionDays, TrashRetentionDays, MaxUploadMegabytes];

    public SettingDefinition? Find(string key) =>
        All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
}
