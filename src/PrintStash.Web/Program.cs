using PrintStash.Domain;
using PrintStash.Ingestion;
using PrintStash.Printers;
using PrintStash.Web;
using PrintStash.Web.Api;
using PrintStash.Web.Components;
using PrintStash.Web.Configuration;
using PrintStash.Web.Demo;
using PrintStash.Web.Hosting;

var builder = WebApplication.CreateBuilder(DemoMode.WithoutFlag(args));

builder.AddPrintStashConfiguration();
if (CommandLineTools.IsToolInvocation(args))
{
    builder.AddCommandLineToolLogging();
}

builder.AddPrintStashDomain();
builder.AddPrintStashIngestion();
builder.AddPrintStashPrinters();
builder.AddPrintStashWeb();
if (DemoMode.IsRequested(args))
{
    builder.AddPrintStashDemo();
}

var app = builder.Build();
if (!StartupFailure.ConfigurationIsValid(app))
{
    return StartupFailure.ExitCode;
}

if (CommandLineTools.IsToolInvocation(args))
{
    return await CommandLineTools.RunAsync(app, args);
}

app.UsePrintStashPipeline();

app.MapHealthEndpoints();
app.MapBlazorClientScript();
app.MapAccountEndpoints();
app.MapMeApi();
app.MapUsersApi();
app.MapSettingsApi();
app.MapAuditApi();
app.MapFilesApi();
app.MapModelsApi();
app.MapCollectionsApi();
app.MapVaultAdminApi();
app.MapLibrariesApi();
app.MapSlicerApi();
app.MapOctoPrintApi();
app.MapSlicerLinksApi();
app.MapSlicingApi();
app.MapPrintersApi();
app.MapJobsApi();
app.MapOpenApiDocument();
app.MapPrintStashComponents();

return await StartupFailure.RunReportingAsync(app);

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
