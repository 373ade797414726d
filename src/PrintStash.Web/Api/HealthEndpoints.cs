using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace PrintStash.Web.Api;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false })
            .AllowAnonymous().WithDisplayName("Liveness");
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous().WithDisplayName("Readiness");
        return app;
    }
}
