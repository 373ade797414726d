using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Hosting;

/// <summary>Runs the built PrintStash.Web.dll as a separate process, the way an operator would, configured only by PRINTSTASH_* variables.</summary>
public sealed class CommandLineToolsTests
{
    [Fact]
    public async Task CreateApiKey_ExistingUser_PrintsAWorkingKeyAndExits0()
    {
        using var dataDir = new TempDirectory();
        TestUser owner;
        await using (var first = new PrintStashAppFactory(dataDir: dataDir.Path))
        {
            owner = await first.CreateUserAsync(Domain.Entities.UserRole.Designer, "dana");
        }

        var run = await RunAsync(dataDir.Path, "create-api-key", "--user", "DANA", "--label", "OrcaSlicer", "--expires-days", "30");

        Assert.True(run.ExitCode == 0, run.ToString());
        var key = run.StdOut.Trim();
        Assert.Matches("^ps_[a-z0-9]{8}_[A-Za-z0-9]{32}$", key);

        await using var app = new PrintStashAppFactory(dataDir: dataDir.Path);
        using var client = app.CreateApiClient(key);
        var me = await HttpAssert.JsonAsync<MeResponse>(await client.GetAsync("/api/v1/me"));
        Assert.Equal((owner.Id, "Designer"), (me.Id, me.Role));
        var listed = (await HttpAssert.JsonAsync<List<ApiKeyResponse>>(await client.GetAsync("/api/v1/me/api-keys"))).Single();
        Assert.Equal("OrcaSlicer", listed.Label);
        Assert.InRange(listed.ExpiresAt!.Value - listed.CreatedAt, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        var audit = Assert.Single(await app.AuditEventsAsync(AuditActions.ApiKeyCreated));
        Assert.Equal("command line", audit.ActorName);
    }

    [Fact]
    public async Task CreateApiKey_FreshDataDirWithBootstrapAdmin_CreatesTheAdminAndItsKeyInOneStep()
    {
        using var dataDir = new TempDirectory();

        var run = await RunAsync(
            dataDir.Path,
            ["create-api-key", "--user", "root"],
            ("PRINTSTASH_ADMIN_USER", "root"),
            ("PRINTSTASH_ADMIN_PASSWORD", "bootstrap-password"));

        Assert.True(run.ExitCode == 0, run.ToString());
        await using var app = new PrintStashAppFactory(dataDir: dataDir.Path);
        using var client = app.CreateApiClient(run.StdOut.Trim());
        var me = await HttpAssert.JsonAsync<MeResponse>(await client.GetAsync("/api/v1/me"));
        Assert.Equal(("root", "Admin"), (me.UserName, me.Role));
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(["root"], await db.Users.Select(u => u.UserName).ToListAsync());
    }

    [Fact]
    public async Task CreateApiKey_UnknownUser_Exits2WithAMessage()
    {
        using var dataDir = new TempDirectory();

        var run = await RunAsync(dataDir.Path, "create-api-key", "--user", "nobody");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("No active user named 'nobody'", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StdOut.Trim());
        Assert.True(File.Exists(Path.Combine(dataDir.Path, "printstash.db")), "The tool should migrate the database in the data directory.");
    }

    [Theory]
    [InlineData("Usage: create-api-key --user <name>", "create-api-key")]
    [InlineData("--expires-days must be a whole number of days, at least 1 (got '0')", "create-api-key", "--user", "root", "--expires-days", "0")]
    public async Task CreateApiKey_BadArguments_Exits2WithAMessage(string message, params string[] args)
    {
        using var dataDir = new TempDirectory();

        var run = await RunAsync(dataDir.Path, args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PRINTSTASH_DATABASE__PROVIDER", "Oracle")]
    [InlineData("PRINTSTASH_AUTH__MAX_FAILED_SIGN_INS", "abc")]
    public async Task CreateApiKey_InvalidVariable_Exits2NamingIt(string variable, string value)
    {
        using var dataDir = new TempDirectory();

        var run = await RunAsync(dataDir.Path, ["create-api-key", "--user", "root"], (variable, value));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(variable, run.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StdOut.Trim());
    }

    private sealed record ProcessRun(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}";
    }

    private static Task<ProcessRun> RunAsync(string dataDir, params string[] args) => RunAsync(dataDir, args, []);

    private static async Task<ProcessRun> RunAsync(string dataDir, string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = dataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PrintStash.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PRINTSTASH_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["PRINTSTASH_DATA_DIR"] = dataDir;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessRun(process.ExitCode, await stdout, await stderr);
    }
}
