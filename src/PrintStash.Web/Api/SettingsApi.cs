using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Domain.Settings;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

/// <summary>Effective settings and the admin overlay (Admin only).</summary>
public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/settings").WithTags("Settings").RequireAuthorization(Policies.Admin);

        group.MapGet("/", List).WithName("ListSettings").WithSummary("Every setting, its effective value and the layer it came from.");
        group.MapPut("/{key}", Set).WithName("SetSetting").WithSummary("Override a live setting.");
        group.MapDelete("/{key}", Clear).WithName("ClearSetting").WithSummary("Remove an override; the value falls back to configuration or default.");
        return app;
    }

    private static Ok<List<SettingResponse>> List(ISettingsResolver settings) =>
        TypedResults.Ok(settings.Describe().Select(ToResponse).ToList());

    private static async Task<Results<Ok<SettingResponse>, ProblemHttpResult>> Set(
        string key, SetSettingRequest? request, HttpContext http, ISettingsResolver settings, CancellationToken cancellationToken)
    {
        var result = await settings.SetOverrideAsync(key, request?.Value, http.Actor(), cancellationToken);
        if (!result.IsValid)
        {
            return ProblemMapping.Invalid(result.Error!);
        }

        return TypedResults.Ok(ToResponse(settings.Describe().First(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase))));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Clear(
        string key, HttpContext http, ISettingsResolver settings, CancellationToken cancellationToken)
    {
        var cleared = await settings.ClearOverrideAsync(key, http.Actor(), cancellationToken);
        return cleared
            ? TypedResults.NoContent()
            : TypedResults.Problem(detail: $"'{key}' has no override.", statusCode: StatusCodes.Status404NotFound);
    }

    private static SettingResponse ToResponse(EffectiveSetting s) =>
        new(s.Key, s.Label, s.Description, s.Value, s.Source, s.Editable, s.TypeName, s.Constraint, s.DefaultValue);
}
