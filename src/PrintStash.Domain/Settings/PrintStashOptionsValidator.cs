using Microsoft.Extensions.Options;

namespace PrintStash.Domain.Settings;

/// <summary>Reports every configuration problem at once, in words a person setting up the server understands.</summary>
public sealed class PrintStashOptionsValidator : IValidateOptions<PrintStashOptions>
{
    public const int MinimumPasswordLength = 8;

    public ValidateOptionsResult Validate(string? name, PrintStashOptions options)
    {
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            errors.Add("PRINTSTASH_DATA_DIR (PrintStash:DataDir) is empty: set it to a writable folder, e.g. ./data.");
        }
        else if (File.Exists(options.DataDir))
        {
            errors.Add($"PRINTSTASH_DATA_DIR (PrintStash:DataDir) '{options.DataDir}' is a file, not a folder.");
        }

        var provider = options.Database.Provider;
        if (!DatabaseProviders.All.Contains(provider, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"PRINTSTASH_DATABASE__PROVIDER (PrintStash:Database:Provider) is '{provider}': use one of {string.Join(", ", DatabaseProviders.All)}.");
        }
        else if (string.Equals(provider, DatabaseProviders.Postgres, StringComparison.OrdinalIgnoreCase)
                 && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            errors.Add("PRINTSTASH_DATABASE__CONNECTION_STRING (PrintStash:Database:ConnectionString) is required when the provider is Postgres, e.g. Host=db;Database=printstash;Username=printstash;Password=….");
        }

        var hasUser = !string.IsNullOrWhiteSpace(options.AdminUser);
        var hasPassword = !string.IsNullOrEmpty(options.AdminPassword);
        if (hasUser != hasPassword)
        {
            errors.Add("PRINTSTASH_ADMIN_USER and PRINTSTASH_ADMIN_PASSWORD must be set together (or neither).");
        }
        else if (hasPassword && options.AdminPassword!.Length < MinimumPasswordLength)
        {
            errors.Add($"PRINTSTASH_ADMIN_PASSWORD must be at least {MinimumPasswordLength} characters long.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
