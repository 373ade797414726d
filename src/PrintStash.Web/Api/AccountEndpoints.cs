using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PrintStash.Domain.Audit;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

/// <summary>Browser sign-out (sign-in and setup are the static forms in Components/Pages/Account).</summary>
public static class AccountEndpoints
{
    public const string LogoutPath = "/account/logout";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(LogoutPath, Logout)
            .RequireAuthorization(Policies.Viewer)
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Logout(HttpContext http, ClaimsPrincipal user, IAuditLog audit, CancellationToken cancellationToken)
    {
        // UseAntiforgery only records the verdict; minimal APIs enforce it by themselves only when they bind a form.
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return TypedResults.Problem(detail: "The sign-out request did not come from a PrintStash page; reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await audit.WriteAsync(http.Actor(), AuditActions.SignOut, "user", user.Identity?.Name, null, cancellationToken);
        return TypedResults.LocalRedirect(AuthenticationSetup.LoginPath);
    }
}
