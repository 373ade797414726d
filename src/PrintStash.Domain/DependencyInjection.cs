using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;

namespace PrintStash.Domain;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddPrintStashDomain(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrintStashOptions>().BindConfiguration(PrintStashOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PrintStashOptions>, PrintStashOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<PrintStashOptions>, LiveSettingsConfigurationValidator>();

        builder.Services.AddDbContextFactory<PrintStashDbContext>((services, db) =>
            DatabaseConfiguration.Configure(db, services.GetRequiredService<IOptions<PrintStashOptions>>().Value));
        builder.Services.AddSingleton<DatabaseReadiness>();
        builder.Services.AddSingleton<DatabaseInitializer>();

        builder.Services.AddSingleton<SettingCatalog>();
        builder.Services.AddSingleton<ISettingsResolver, SettingsResolver>();
        builder.Services.AddSingleton<IAuditLog, AuditLog>();
        builder.Services.AddSingleton<AuditQuery>();
        builder.Services.TryAddSingletonTimeProvider();
        return builder;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
