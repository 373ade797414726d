using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Hosting;

/// <summary>
/// One-shot commands run instead of the server, e.g.
/// <c>dotnet run --project src/PrintStash.Web -- create-api-key --user alice --label "OrcaSlicer"</c>.
/// </summary>
public static class CommandLineTools
{
    public const string CreateApiKey = "create-api-key";

    public static bool IsToolInvocation(string[] args) => args.Length > 0 && args[0] == CreateApiKey;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var userName = ValueOf(args, "--user");
        var label = ValueOf(args, "--label") ?? "created on the command line";
        if (string.IsNullOrWhiteSpace(userName))
        {
            await Console.Error.WriteLineAsync("Usage: create-api-key --user <name> [--label <text>] [--expires-days <n>]");
            return 2;
        }

        DateTime? expires = null;
        if (ValueOf(args, "--expires-days") is { } days)
        {
            if (!int.TryParse(days, out var n) || n < 1)
            {
                await Console.Error.WriteLineAsync($"--expires-days must be a whole number of days, at least 1 (got '{days}').");
                return 2;
            }

            expires = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(n);
        }

        var cancellation = CancellationToken.None;
        try
        {
            // The same start-up work as the server (data dir, migrations, settings, PRINTSTASH_ADMIN_USER bootstrap),
            // so "start a container with an admin, then mint a key" works in one step.
            await app.Services.GetServices<IHostedService>().OfType<StartupInitializer>().Single().StartAsync(cancellation);
        }
        catch (StartupFailedException ex)
        {
            await Console.Error.WriteLineAsync($"PrintStash cannot start: {ex.Message}");
            return StartupFailure.ExitCode;
        }

        var contextFactory = app.Services.GetRequiredService<IDbContextFactory<PrintStashDbContext>>();
        await using var context = await contextFactory.CreateDbContextAsync(cancellation);
        var normalized = User.Normalize(userName);
        var user = await context.Users.Active().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellation);
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"No active user named '{userName}'.");
            return 2;
        }

        var result = await app.Services.GetRequiredService<ApiKeys>()
            .CreateAsync(user.Id, label, expires, new AuditActor(null, "command line", null), cancellation);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync(result.Error);
            return 2;
        }

        Console.WriteLine(result.Value!.Key);
        return 0;
    }

    private static string? ValueOf(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
