using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PrintStash.Printers.Abstractions;
using PrintStash.Web.Api;
using PrintStash.Web.Auth;
using PrintStash.Web.Components;
using PrintStash.Web.Hosting;
using PrintStash.Web.Printers;
using Radzen;

namespace PrintStash.Web;

public static class WebComposition
{
    public static IHostApplicationBuilder AddPrintStashWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddProblemDetails();

        services.AddSingleton<DataDirectory>();
        services.AddDataProtection().SetApplicationName("PrintStash");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, DataProtectionKeysSetup>();
        services.AddHostedService<StartupInitializer>();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<DataDirectoryHealthCheck>("data-directory", tags: [HealthEndpoints.ReadyTag]);

        services.AddPrintStashAuth();
        services.AddScoped<Vault.MultipartUpload>();
        services.AddSingleton<Slicing.SlicerUploadReceiver>();
        services.AddSingleton<Slicing.SlicerLinks>();
        services.AddSingleton<Slicing.UserPreferences>();
        services.AddSingleton<Printing.IPrintQueue, Printing.PrinterPrintQueue>();
        services.AddSingleton<IPrinterSecretProtector, DataProtectionPrinterSecretProtector>();
        services.AddSingleton<VaultFileSender>();
        services.AddOpenApi();
        return builder;
    }

    public static WebApplication UsePrintStashPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseMiddleware<SetupGateMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPrintStashComponents(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .Finally(RequireViewerUnlessPage);
        return app;
    }

    /// <summary>
    /// Pages declare their own policy. The other endpoints MapRazorComponents adds (the circuit hub /_blazor/*,
    /// /_framework/opaque-redirect) get Viewer: the anonymous pages are static SSR and never open a circuit.
    /// </summary>
    private static void RequireViewerUnlessPage(EndpointBuilder endpoint)
    {
        var metadata = endpoint.Metadata;
        if (!metadata.OfType<ComponentTypeMetadata>().Any() && !metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            metadata.Add(new AuthorizeAttribute(Policies.Viewer));
        }
    }
}
