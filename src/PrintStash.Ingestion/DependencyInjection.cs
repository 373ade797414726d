using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrintStash.Ingestion.Libraries;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Processing;
using PrintStash.Ingestion.Slicing;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Ingestion;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddPrintStashIngestion(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<StoragePaths>();
        services.AddSingleton<BlobStore>();
        services.AddSingleton<StorageRecovery>();
        services.AddSingleton<VaultWriteLock>();
        services.AddSingleton<ModelSidecarWriter>();
        services.AddSingleton<SidecarOutbox>();
        services.AddSingleton<VaultChangeFeed>();
        services.AddSingleton<FileProcessingQueue>();
        services.AddSingleton<IFileAnalyzer, FormatAnalyzer>();
        services.AddSingleton<FileProcessor>();
        services.AddSingleton<IngestionPipeline>();
        services.AddSingleton<VaultService>();
        services.AddSingleton<VaultQueries>();
        services.AddSingleton<ModelEditor>();
        services.AddSingleton<CollectionService>();
        services.AddSingleton<CollectionPaths>();
        services.AddSingleton<SourceModelMatcher>();
        services.AddSingleton<SlicedUploadService>();
        services.AddOptions<SlicingOptions>().BindConfiguration(SlicingOptions.SectionName);
        services.AddSingleton<SlicerEngines>();
        services.AddSingleton<SlicerProfileService>();
        services.AddSingleton<SliceJobQueue>();
        services.AddSingleton<SliceJobService>();
        services.AddHostedService<SliceWorker>();
        services.AddSingleton<FavoriteService>();
        services.AddSingleton<TrashPurger>();
        services.AddSingleton<IndexRebuilder>();
        services.AddPrintStashLibraries();
        services.AddHostedService<FileProcessingWorker>();
        services.AddHostedService<SidecarWriterWorker>();
        services.AddHostedService<TrashPurgeWorker>();
        services.AddSingleton<VaultQueryWarmup>();
        services.AddHostedService(provider => provider.GetRequiredService<VaultQueryWarmup>());
        return builder;
    }
}
