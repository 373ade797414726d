using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Bambu;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Control;
using PrintStash.Printers.Hub;
using PrintStash.Printers.Jobs;
using PrintStash.Printers.Moonraker;
using PrintStash.Printers.PrusaLink;
using PrintStash.Printers.Supervision;

namespace PrintStash.Printers;

public static class DependencyInjection
{
    /// <summary>
    /// The live printer machinery: hub, supervisors, job ledger, coarse snapshot writer, catalog and control. Drivers
    /// register themselves as <see cref="IPrinterDriver"/> (one extension method per driver folder, called here).
    /// Needs an <see cref="IPrinterSecretProtector"/> from the host (Web: ASP.NET Data Protection).
    /// </summary>
    public static IHostApplicationBuilder AddPrintStashPrinters(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PrintersOptions>().BindConfiguration(PrintersOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrintersOptions>, PrintersOptionsValidator>();

        services.AddSingleton<PrinterHub>();
        services.AddSingleton<IPrinterHub>(sp => sp.GetRequiredService<PrinterHub>());
        services.AddSingleton<PrinterDrivers>();
        services.AddSingleton<ReconcileSignal>();
        services.AddSingleton<PrinterSupervisors>();
        services.AddSingleton<PendingSends>();
        services.AddSingleton<JobLedger>();
        services.AddSingleton<PrinterJobTotalsQuery>();
        services.AddSingleton<JobQueries>();
        services.AddSingleton<IPrinterCatalog, PrinterCatalog>();
        services.AddSingleton<IPrinterControl, PrinterControl>();
        services.AddHostedService<PrinterSupervisionService>();
        services.AddHostedService<PrinterSnapshotWriter>();

        services.AddMoonrakerDriver();
        services.AddPrusaLinkDriver();
        services.AddBambuDriver();
        return builder;
    }
}
