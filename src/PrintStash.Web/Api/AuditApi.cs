using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Domain.Audit;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

/// <summary>Read-only access to the audit log (Admin only).</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit", Find)
            .RequireAuthorization(Policies.Admin)
            .WithTags("Audit").WithName("FindAuditEvents").WithSummary("Audit events, newest first, filtered by action, actor and time.");
        return app;
    }

    private static async Task<Ok<AuditPageResponse>> Find(
        AuditQuery query, string? action, string? actor, DateTime? from, DateTime? to, int? skip, int? take, CancellationToken cancellationToken)
    {
        var page = await query.FindAsync(new AuditFilter(action, actor, from?.ToUniversalTime(), to?.ToUniversalTime(), skip ?? 0, take ?? 50), cancellationToken);
        return TypedResults.Ok(new AuditPageResponse(
            page.Events.Select(e => new AuditEventResponse(e.Id, e.At, e.ActorName, e.Action, e.TargetType, e.TargetId, e.DetailsJson, e.RemoteIp)).ToList(),
            page.Total));
    }
}
