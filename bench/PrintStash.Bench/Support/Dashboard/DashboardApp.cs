using System.Globalization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrintStash.Web.Components;

namespace PrintStash.Bench.Support.Dashboard;

/// <summary>
/// The real PrintStash web app in this process on real Kestrel (loopback, free port), with its own data folder and a
/// bootstrap Admin: in-process so the benchmark can force full GCs and read the server's own heap.
/// </summary>
/// <remarks>Keyed on <see cref="App"/> (any public type of the web assembly finds its entry point): this program has a Program of its own.</remarks>
internal sealed class DashboardApp : WebApplicationFactory<App>
{
    public const string AdminUser = "bench-admin";
    public const string AdminPassword = "bench-admin-password";

    private readonly string dataDir;
    private readonly TimeSpan batchWindow;

    private DashboardApp(string dataDir, TimeSpan batchWindow)
    {
        this.dataDir = dataDir;
        this.batchWindow = batchWindow;
    }

    public Uri BaseAddress { get; private set; } = default!;

    public CircuitCounter Circuits { get; } = new();

    public static DashboardApp Start(string repoRoot, string dataDir, TimeSpan batchWindow)
    {
        // The factory guesses <solution>/PrintStash.Web; the project lives under src/.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PRINTSTASH_WEB", Path.Combine(repoRoot, "src", "PrintStash.Web"));
        var app = new DashboardApp(dataDir, batchWindow);
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
            .Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        app.BaseAddress = new Uri(address);
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development: the only environment in which ASP.NET Core serves the build's static web assets (Radzen, scoped
        // CSS) without a publish; nothing on the circuit path differs between the environments.
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PrintStash:DataDir"] = dataDir,
            ["PrintStash:AdminUser"] = AdminUser,
            ["PrintStash:AdminPassword"] = AdminPassword,
            ["PrintStash:Printers:BatchWindow"] = batchWindow.ToString("c", CultureInfo.InvariantCulture),
        }));
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.ConfigureServices(services => services.AddSingleton<CircuitHandler>(Circuits));
    }
}
