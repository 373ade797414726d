using Microsoft.Extensions.DependencyInjection;

namespace PrintStash.Ingestion.Libraries;

internal static class LibrariesRegistration
{
    public static IServiceCollection AddPrintStashLibraries(this IServiceCollection services)
    {
        services.AddOptions<LibraryOptions>().BindConfiguration("PrintStash:Libraries");
        services.AddSingleton<LibraryChangeSignal>();
        services.AddSingleton<FileContentLocator>();
        services.AddSingleton<LibraryVolumeService>();
        services.AddSingleton<LibraryIndexWriter>();
        services.AddSingleton<LibraryScanner>();
        services.AddSingleton<LibraryScanCoordinator>();
        services.AddSingleton<LibraryOverview>();
        services.AddSingleton<LibraryScheduleWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<LibraryScheduleWorker>());
        services.AddSingleton<LibraryWatcherService>();
        services.AddHostedService(sp => sp.GetRequiredService<LibraryWatcherService>());
        return services;
    }
}
