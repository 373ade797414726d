using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrintStash.Domain;
using PrintStash.Domain.Persistence;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Control;
using PrintStash.Printers.Tests.TestSupport;

namespace PrintStash.Printers.Tests;

public sealed class CompositionTests
{
    [Fact]
    public async Task Host_with_printers_starts_supervises_and_stops()
    {
        var dataDir = Directory.CreateTempSubdirectory("printstash-printers-host-").FullName;
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["PrintStash:DataDir"] = dataDir });
            var driver = new TestPrinterDriver();
            builder.Services.AddSingleton<IPrinterSecretProtector, TestSecretProtector>();
            builder.Services.AddLogging();
            builder.AddPrintStashDomain();
            builder.AddPrintStashPrinters();
            builder.Services.AddSingleton<IPrinterDriver>(driver);
            using var host = builder.Build();
            host.Services.GetRequiredService<IPrinterHub>();
            host.Services.GetRequiredService<IPrinterControl>();

            await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
            await host.StartAsync();
            var created = await host.Services.GetRequiredService<IPrinterCatalog>()
                .CreateAsync(new PrinterInput("Voron", Domain.Entities.PrinterKind.Moonraker, "http://voron:7125", "k"), Domain.Audit.AuditActor.System, CancellationToken.None);
            await Eventually.TrueAsync(() => host.Services.GetRequiredService<IPrinterHub>().Find(created.Printer!.Id)?.Connection == PrinterConnectionState.Online, "the new printer is online");
            await host.StopAsync();
            Assert.Equal(0, driver.Open);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public void Bad_printer_settings_are_reported_together_in_words()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PrintStash:Printers:ReconnectInitialDelay"] = "00:02:00",
            ["PrintStash:Printers:ReconnectMaxDelay"] = "00:01:00",
            ["PrintStash:Printers:BatchWindow"] = "00:00:00",
        });
        builder.AddPrintStashPrinters();
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<PrintersOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains("ReconnectMaxDelay"));
        Assert.Contains(error.Failures, f => f.Contains("BatchWindow"));
    }
}
