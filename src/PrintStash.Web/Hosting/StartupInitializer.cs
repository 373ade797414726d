using Microsoft.Extensions.Options;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Hosting;

/// <summary>
/// Runs before the server accepts requests: creates the data directory, migrates the database, loads the settings
/// overlay and, when PRINTSTASH_ADMIN_USER/PASSWORD are set and no user exists, creates the first Admin.
/// </summary>
public sealed class StartupInitializer(
    DataDirectory dataDirectory,
    DatabaseInitializer database,
    ISettingsResolver settings,
    SetupState setup,
    IOptions<PrintStashOptions> options,
    PrintStash.Ingestion.Storage.StorageRecovery storage,
    ILogger<StartupInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            dataDirectory.EnsureExists();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupFailedException($"the data directory {dataDirectory.Root} cannot be created or written: {ex.Message}", ex);
        }

        try
        {
            await database.InitializeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            throw new StartupFailedException($"the {options.Value.Database.Provider} database cannot be opened or migrated: {ex.Message}", ex);
        }

        await settings.ReloadAsync(cancellationToken);
        await storage.RecoverAtStartupAsync(cancellationToken);
        await BootstrapAdminAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task BootstrapAdminAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.AdminUser) || string.IsNullOrEmpty(o.AdminPassword))
        {
            return;
        }

        if (!await setup.IsSetupRequiredAsync(cancellationToken))
        {
            logger.LogInformation("PRINTSTASH_ADMIN_USER is set but users already exist; ignoring it.");
            return;
        }

        var result = await setup.CreateFirstAdminAsync(new NewUser(o.AdminUser, o.AdminUser, o.AdminPassword, UserRole.Admin), AuditActor.System, cancellationToken);
        if (!result.Succeeded)
        {
            throw new StartupFailedException($"the admin from PRINTSTASH_ADMIN_USER cannot be created: {result.Error}");
        }

        logger.LogInformation("Created the first Admin '{User}' from PRINTSTASH_ADMIN_USER.", o.AdminUser);
    }
}
