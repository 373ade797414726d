using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.PrusaLink;

public static class PrusaLinkServiceCollectionExtensions
{
    /// <summary>Registers the PrusaLink driver (called by AddPrintStashPrinters). Options: section PrintStash:Printers:PrusaLink.</summary>
    public static IServiceCollection AddPrusaLinkDriver(this IServiceCollection services)
    {
        services.AddOptions<PrusaLinkOptions>().BindConfiguration(PrusaLinkOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrusaLinkOptions>, PrusaLinkOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPrinterDriver, PrusaLinkDriver>());
        return services;
    }
}
