using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.PrusaLink;

namespace PrintStash.Printers.Tests.PrusaLink;

public sealed class PrusaLinkRegistrationTests
{
    [Fact]
    public void AddPrusaLinkDriver_registers_one_PrusaLink_driver_with_configured_options()
    {
        using var provider = Services(new() { ["PrintStash:Printers:PrusaLink:PollWhileIdle"] = "00:00:30" })
            .AddPrusaLinkDriver()
            .AddPrusaLinkDriver()
            .BuildServiceProvider();

        var driver = Assert.Single(provider.GetServices<IPrinterDriver>());
        Assert.Equal(PrinterKind.PrusaLink, driver.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<IOptions<PrusaLinkOptions>>().Value.PollWhileIdle);
    }

    [Fact]
    public void Bad_options_are_all_reported_at_once()
    {
        using var provider = Services(new()
        {
            ["PrintStash:Printers:PrusaLink:PollWhilePrinting"] = "00:00:00",
            ["PrintStash:Printers:PrusaLink:RequestTimeout"] = "-00:00:01",
            ["PrintStash:Printers:PrusaLink:MaxResponseBytes"] = "10",
        }).AddPrusaLinkDriver().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PrusaLinkOptions>>().Value);

        Assert.Equal(3, error.Failures.Count());
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
