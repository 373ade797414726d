using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Tests.TestSupport;

internal sealed record TestUser(Guid Id, string UserName, string Password, UserRole Role);

/// <summary>
/// The real app on a TestServer with its own data directory (so its own SQLite file), a fake clock and quiet logs.
/// Users and keys are made through the app's own services; browsers sign in through the real login form.
/// </summary>
internal sealed class PrintStashAppFactory : WebApplicationFactory<Program>
{
    public const string DefaultPassword = "correct-horse-battery";

    private readonly TempDirectory? ownedDirectory;
    private readonly Dictionary<string, string?> settings;
    private readonly IConfigurationSource? extraSource;
    private readonly Action<IServiceCollection>? configureServices;
    private readonly string environment;

    public PrintStashAppFactory(
        string environment = "Development",
        string? dataDir = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        IConfigurationSource? extraSource = null,
        Action<IServiceCollection>? configureServices = null)
    {
        if (dataDir is null)
        {
            ownedDirectory = new TempDirectory();
            dataDir = ownedDirectory.Path;
        }

        DataDir = dataDir;
        this.environment = environment;
        this.extraSource = extraSource;
        this.configureServices = configureServices;
        this.settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        this.settings.TryAdd("PrintStash:DataDir", dataDir);
    }

    public string DataDir { get; }

    public string DatabasePath => Path.Combine(DataDir, "printstash.db");

    public FakeTimeProvider Time { get; } = FakeTimeProvider.StartingNow();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            // Added after the app's own sources (appsettings, PRINTSTASH_* variables), so these win.
            configuration.AddInMemoryCollection(settings);
            if (extraSource is not null)
            {
                configuration.Add(extraSource);
            }
        });
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            configureServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            ownedDirectory?.Dispose();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        ownedDirectory?.Dispose(); // Idempotent; base.DisposeAsync may already have called Dispose(true).
    }

    /// <summary>A cookie-keeping client that does not follow redirects, like a browser whose every hop we inspect.</summary>
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient CreateApiClient(string apiKey, bool useXApiKeyHeader = false)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (useXApiKeyHeader)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, apiKey);
        }
        else
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public async Task<TestUser> CreateUserAsync(UserRole role, string? userName = null, string password = DefaultPassword)
    {
        userName ??= $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}";
        var result = await Services.GetRequiredService<UserAccounts>()
            .CreateAsync(new NewUser(userName, null, password, role), AuditActor.System, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        return new TestUser(result.Value!.Id, userName, password, role);
    }

    public async Task<string> CreateApiKeyAsync(TestUser owner, string label = "tests", DateTime? expiresAtUtc = null)
    {
        var result = await Services.GetRequiredService<ApiKeys>()
            .CreateAsync(owner.Id, label, expiresAtUtc, AuditActor.System, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        return result.Value!.Key;
    }

    public async Task<HttpClient> CreateApiClientAsync(UserRole role) =>
        CreateApiClient(await CreateApiKeyAsync(await CreateUserAsync(role)));

    /// <summary>Signs in through the real login form and returns the browser holding the auth cookie.</summary>
    public async Task<HttpClient> SignInAsync(TestUser user)
    {
        var browser = CreateBrowser();
        using var response = await LoginForm.SubmitAsync(browser, user.UserName, user.Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(LoginForm.AuthCookieName + "=", StringComparison.Ordinal));
        return browser;
    }

    public async Task<PrintStashDbContext> CreateDbContextAsync() =>
        await Services.GetRequiredService<IDbContextFactory<PrintStashDbContext>>().CreateDbContextAsync();

    public async Task<List<AuditEvent>> AuditEventsAsync(string action)
    {
        await using var db = await CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync();
    }
}
