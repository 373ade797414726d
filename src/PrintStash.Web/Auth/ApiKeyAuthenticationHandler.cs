using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PrintStash.Web.Auth;

/// <summary>Accepts <c>Authorization: Bearer ps_…</c> or <c>X-Api-Key: ps_…</c>; failures answer 401 with a problem body saying why.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeys apiKeys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const string FailureItem = "ps:api-key-failure";

    public static bool HasApiKey(HttpRequest request) => FindKey(request) is not null;

    public static bool IsApiKeyPrincipal(System.Security.Claims.ClaimsPrincipal user) => user.Identity?.AuthenticationType == SchemeName;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = FindKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var check = await apiKeys.CheckAsync(presented, Context.RequestAborted);
        if (check.User is null)
        {
            Context.Items[FailureItem] = check.Failure;
            return AuthenticateResult.Fail(check.Failure ?? "Invalid API key.");
        }

        var principal = PrintStashClaims.CreatePrincipal(check.User, SchemeName, check.KeyId);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var detail = Context.Items[FailureItem] as string ?? "An API key is required: send it as 'Authorization: Bearer ps_…' or 'X-Api-Key: ps_…'.";
        await Results.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Not authenticated").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await Results.Problem(detail: "Your role does not allow this.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(Context);
    }

    private static string? FindKey(HttpRequest request)
    {
        var header = request.Headers[HeaderName].ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? authorization[bearer.Length..].Trim() : null;
    }
}
