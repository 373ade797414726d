using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Bambu;

public static class BambuServiceCollectionExtensions
{
    /// <summary>Registers the Bambu Lab driver as an <see cref="IPrinterDriver"/> (called by AddPrintStashPrinters).</summary>
    public static IServiceCollection AddBambuDriver(this IServiceCollection services, Func<BambuDriverOptions, BambuDriverOptions>? configure = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(configure?.Invoke(new BambuDriverOptions()) ?? new BambuDriverOptions());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPrinterDriver, BambuDriver>());
        return services;
    }
}
