namespace PrintStash.Domain.Settings;

/// <summary>
/// Frozen settings, read once at start from appsettings.json and PRINTSTASH_* environment variables
/// (section "PrintStash"). Values an admin may change live are in <see cref="SettingCatalog"/>.
/// </summary>
public sealed class PrintStashOptions
{
    public const string SectionName = "PrintStash";

    /// <summary>Where the SQLite database, the data-protection keys and (later) stored files live. Relative paths are resolved against the working directory.</summary>
    public string DataDir { get; set; } = "data";

    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Headless bootstrap: creates this Admin at start when no user exists yet.</summary>
    public string? AdminUser { get; set; }

    public string? AdminPassword { get; set; }

    public string DataDirFullPath => Path.GetFullPath(DataDir);
}

public sealed class DatabaseOptions
{
    /// <summary>"Sqlite" (default) or "Postgres".</summary>
    public string Provider { get; set; } = DatabaseProviders.Sqlite;

    /// <summary>Required for Postgres; for SQLite defaults to printstash.db in the data directory.</summary>
    public string? ConnectionString { get; set; }
}

public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static readonly IReadOnlyList<string> All = [Sqlite, Postgres];
}
