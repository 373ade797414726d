using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Moonraker;

public static class MoonrakerServiceCollectionExtensions
{
    /// <summary>Registers the Moonraker driver as an <see cref="IPrinterDriver"/> (called by AddPrintStashPrinters).</summary>
    public static IServiceCollection AddMoonrakerDriver(this IServiceCollection services, Action<MoonrakerOptions>? configure = null)
    {
        var options = new MoonrakerOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPrinterDriver, MoonrakerDriver>());
        return services;
    }
}
