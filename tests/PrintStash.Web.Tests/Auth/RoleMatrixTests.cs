using System.Net;
using System.Text;
using System.Text.Json;
using PrintStash.Domain.Entities;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Auth;

/// <summary>
/// Who may call what: one row per endpoint (static assets aside), asked as anonymous and as each role. API rows use
/// API keys, browser rows use a cookie from the real login form.
/// </summary>
public sealed class RoleMatrixTests
{
    private const string Anonymous = "Anonymous";

    /// <summary>How a denied caller is answered.</summary>
    private enum Surface
    {
        /// <summary>401/403 with a ProblemDetails body.</summary>
        Api,

        /// <summary>302 to the login page (with ReturnUrl) or to the access-denied page.</summary>
        Browser,
    }

    /// <param name="Endpoint">Methods and route pattern as the app registers them ("*" = any method).</param>
    /// <param name="Minimum">Lowest role allowed, or <see cref="Anonymous"/>.</param>
    private sealed record Row(string Endpoint, string Method, string Path, string Minimum, Surface Surface, string? Json = null, bool OwnSession = false)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private static readonly Row[] Matrix =
    [
        // REST API: caller's own account and keys.
        new("GET /api/v1/me", "GET", "/api/v1/me", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/me/api-keys", "GET", "/api/v1/me/api-keys", Policy(UserRole.Viewer), Surface.Api),
        new("POST /api/v1/me/api-keys", "POST", "/api/v1/me/api-keys", Policy(UserRole.Viewer), Surface.Api, """{"label":""}"""),
        new("DELETE /api/v1/me/api-keys/{id:guid}", "DELETE", $"/api/v1/me/api-keys/{Guid.Empty}", Policy(UserRole.Viewer), Surface.Api),

        // REST API: administration.
        new("GET /api/v1/users", "GET", "/api/v1/users", Policy(UserRole.Admin), Surface.Api),
        new("POST /api/v1/users", "POST", "/api/v1/users", Policy(UserRole.Admin), Surface.Api, "{}"),
        new("PATCH /api/v1/users/{id:guid}", "PATCH", $"/api/v1/users/{Guid.Empty}", Policy(UserRole.Admin), Surface.Api, """{"role":"Viewer"}"""),
        new("GET /api/v1/settings", "GET", "/api/v1/settings", Policy(UserRole.Admin), Surface.Api),
        new("PUT /api/v1/settings/{key}", "PUT", "/api/v1/settings/No:Such", Policy(UserRole.Admin), Surface.Api, """{"value":"1"}"""),
        new("DELETE /api/v1/settings/{key}", "DELETE", "/api/v1/settings/No:Such", Policy(UserRole.Admin), Surface.Api),
        new("GET /api/v1/audit", "GET", "/api/v1/audit", Policy(UserRole.Admin), Surface.Api),

        // REST API: the vault. Reads for everyone signed in, changes for Designers, storage upkeep for Admins.
        new("POST /api/v1/files", "POST", "/api/v1/files", Policy(UserRole.Designer), Surface.Api, "{}"),
        new("GET /api/v1/files", "GET", "/api/v1/files", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/files/{id:guid}", "GET", $"/api/v1/files/{Guid.Empty}", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/files/{id:guid}/download", "GET", $"/api/v1/files/{Guid.Empty}/download", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/files/{id:guid}/thumbnail", "GET", $"/api/v1/files/{Guid.Empty}/thumbnail?size=small", Policy(UserRole.Viewer), Surface.Api),
        new("PUT /api/v1/files/{id:guid}/status", "PUT", $"/api/v1/files/{Guid.Empty}/status", Policy(UserRole.Designer), Surface.Api, """{"status":"KnownGood"}"""),
        new("POST /api/v1/files/{id:guid}/recommend", "POST", $"/api/v1/files/{Guid.Empty}/recommend", Policy(UserRole.Designer), Surface.Api),
        new("DELETE /api/v1/files/{id:guid}", "DELETE", $"/api/v1/files/{Guid.Empty}", Policy(UserRole.Designer), Surface.Api),
        new("POST /api/v1/files/{id:guid}/restore", "POST", $"/api/v1/files/{Guid.Empty}/restore", Policy(UserRole.Designer), Surface.Api),
        new("GET /api/v1/models", "GET", "/api/v1/models?q=x", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/models/{id:guid}", "GET", $"/api/v1/models/{Guid.Empty}", Policy(UserRole.Viewer), Surface.Api),
        new("PATCH /api/v1/models/{id:guid}", "PATCH", $"/api/v1/models/{Guid.Empty}", Policy(UserRole.Designer), Surface.Api, """{"name":"x"}"""),
        new("PUT /api/v1/models/{id:guid}/favorite", "PUT", $"/api/v1/models/{Guid.Empty}/favorite", Policy(UserRole.Viewer), Surface.Api),
        new("DELETE /api/v1/models/{id:guid}/favorite", "DELETE", $"/api/v1/models/{Guid.Empty}/favorite", Policy(UserRole.Viewer), Surface.Api),
        new("DELETE /api/v1/models/{id:guid}", "DELETE", $"/api/v1/models/{Guid.Empty}", Policy(UserRole.Designer), Surface.Api),
        new("POST /api/v1/models/{id:guid}/restore", "POST", $"/api/v1/models/{Guid.Empty}/restore", Policy(UserRole.Designer), Surface.Api),
        new("GET /api/v1/collections", "GET", "/api/v1/collections", Policy(UserRole.Viewer), Surface.Api),
        new("POST /api/v1/collections", "POST", "/api/v1/collections", Policy(UserRole.Designer), Surface.Api, "{}"),
        new("PATCH /api/v1/collections/{id:guid}", "PATCH", $"/api/v1/collections/{Guid.Empty}", Policy(UserRole.Designer), Surface.Api, """{"name":"x"}"""),
        new("DELETE /api/v1/collections/{id:guid}", "DELETE", $"/api/v1/collections/{Guid.Empty}", Policy(UserRole.Designer), Surface.Api),
        new("GET /api/v1/admin/vault/storage", "GET", "/api/v1/admin/vault/storage", Policy(UserRole.Admin), Surface.Api),
        new("POST /api/v1/admin/vault/storage/check", "POST", "/api/v1/admin/vault/storage/check", Policy(UserRole.Admin), Surface.Api),
        new("POST /api/v1/admin/vault/rebuild", "POST", "/api/v1/admin/vault/rebuild", Policy(UserRole.Admin), Surface.Api),
        new("POST /api/v1/admin/vault/purge", "POST", "/api/v1/admin/vault/purge", Policy(UserRole.Admin), Surface.Api),

        // REST API: shared-folder libraries, Admin only (they read folders of the server).
        new("GET /api/v1/libraries", "GET", "/api/v1/libraries", Policy(UserRole.Admin), Surface.Api),
        new("POST /api/v1/libraries", "POST", "/api/v1/libraries", Policy(UserRole.Admin), Surface.Api, "{}"),
        new("GET /api/v1/libraries/jobs", "GET", "/api/v1/libraries/jobs", Policy(UserRole.Admin), Surface.Api),
        new("POST /api/v1/libraries/jobs/{jobId:guid}/cancel", "POST", $"/api/v1/libraries/jobs/{Guid.Empty}/cancel", Policy(UserRole.Admin), Surface.Api),
        new("GET /api/v1/libraries/{id:guid}", "GET", $"/api/v1/libraries/{Guid.Empty}", Policy(UserRole.Admin), Surface.Api),
        new("PUT /api/v1/libraries/{id:guid}", "PUT", $"/api/v1/libraries/{Guid.Empty}", Policy(UserRole.Admin), Surface.Api, """{"name":"x"}"""),
        new("DELETE /api/v1/libraries/{id:guid}", "DELETE", $"/api/v1/libraries/{Guid.Empty}", Policy(UserRole.Admin), Surface.Api),
        new("POST /api/v1/libraries/{id:guid}/scan", "POST", $"/api/v1/libraries/{Guid.Empty}/scan", Policy(UserRole.Admin), Surface.Api),
        new("GET /api/v1/libraries/{id:guid}/scans", "GET", $"/api/v1/libraries/{Guid.Empty}/scans", Policy(UserRole.Admin), Surface.Api),
        new("GET /api/v1/libraries/{id:guid}/review", "GET", $"/api/v1/libraries/{Guid.Empty}/review", Policy(UserRole.Admin), Surface.Api),
        new("POST /api/v1/libraries/{id:guid}/review/confirm", "POST", $"/api/v1/libraries/{Guid.Empty}/review/confirm", Policy(UserRole.Admin), Surface.Api),
        // Slicers: the post-processing hook and the OctoPrint-compatible API (also under a per-printer prefix).
        new("POST /api/v1/slicer/upload", "POST", "/api/v1/slicer/upload", Policy(UserRole.Designer), Surface.Api, "{}"),
        new("GET /api/version", "GET", "/api/version", Policy(UserRole.Designer), Surface.Api),
        new("GET /api/settings", "GET", "/api/settings", Policy(UserRole.Designer), Surface.Api),
        new("GET /api/job", "GET", "/api/job", Policy(UserRole.Designer), Surface.Api),
        new("GET /api/printer", "GET", "/api/printer", Policy(UserRole.Designer), Surface.Api),
        new("POST /api/files/{location}", "POST", "/api/files/local", Policy(UserRole.Designer), Surface.Api, "{}"),
        new("GET /octoprint/{printer}/api/version", "GET", "/octoprint/mk4/api/version", Policy(UserRole.Designer), Surface.Api),
        new("GET /octoprint/{printer}/api/settings", "GET", "/octoprint/mk4/api/settings", Policy(UserRole.Designer), Surface.Api),
        new("GET /octoprint/{printer}/api/job", "GET", "/octoprint/mk4/api/job", Policy(UserRole.Designer), Surface.Api),
        new("GET /octoprint/{printer}/api/printer", "GET", "/octoprint/mk4/api/printer", Policy(UserRole.Designer), Surface.Api),
        new("POST /api/v1/files/{id:guid}/slicer-link", "POST", $"/api/v1/files/{Guid.Empty}/slicer-link?app=orca", Policy(UserRole.Viewer), Surface.Api),
        new("GET /slicer-files/{token}/{name}", "GET", "/slicer-files/not-a-token/a.stl", Anonymous, Surface.Browser),
        new("GET /api/v1/slicer/status", "GET", "/api/v1/slicer/status", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/slicer/profiles", "GET", "/api/v1/slicer/profiles", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/slicer/profiles/{id:guid}", "GET", $"/api/v1/slicer/profiles/{Guid.Empty}", Policy(UserRole.Viewer), Surface.Api),
        new("POST /api/v1/slicer/profiles/import", "POST", "/api/v1/slicer/profiles/import?fileName=x.ini", Policy(UserRole.Designer), Surface.Api, "{}"),
        new("PATCH /api/v1/slicer/profiles/{id:guid}", "PATCH", $"/api/v1/slicer/profiles/{Guid.Empty}", Policy(UserRole.Designer), Surface.Api, """{"name":"x"}"""),
        new("DELETE /api/v1/slicer/profiles/{id:guid}", "DELETE", $"/api/v1/slicer/profiles/{Guid.Empty}", Policy(UserRole.Designer), Surface.Api),
        new("GET /api/v1/slicer/jobs/{id:guid}", "GET", $"/api/v1/slicer/jobs/{Guid.Empty}", Policy(UserRole.Viewer), Surface.Api),
        new("POST /api/v1/files/{id:guid}/slice", "POST", $"/api/v1/files/{Guid.Empty}/slice", Policy(UserRole.Designer), Surface.Api, "{}"),
        new("POST /octoprint/{printer}/api/files/{location}", "POST", "/octoprint/mk4/api/files/local", Policy(UserRole.Designer), Surface.Api, "{}"),
        // REST API: printers. Live state for everyone signed in, control for Operators, configuration for Admins.
        new("GET /api/v1/printers", "GET", "/api/v1/printers", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/printers/{id:guid}", "GET", $"/api/v1/printers/{Guid.Empty}", Policy(UserRole.Viewer), Surface.Api),
        new("POST /api/v1/printers", "POST", "/api/v1/printers", Policy(UserRole.Admin), Surface.Api, "{}"),
        new("PUT /api/v1/printers/{id:guid}", "PUT", $"/api/v1/printers/{Guid.Empty}", Policy(UserRole.Admin), Surface.Api, "{}"),
        new("DELETE /api/v1/printers/{id:guid}", "DELETE", $"/api/v1/printers/{Guid.Empty}", Policy(UserRole.Admin), Surface.Api),
        new("POST /api/v1/printers/test", "POST", "/api/v1/printers/test", Policy(UserRole.Admin), Surface.Api, "{}"),
        new("POST /api/v1/printers/{id:guid}/test", "POST", $"/api/v1/printers/{Guid.Empty}/test", Policy(UserRole.Admin), Surface.Api),
        new("POST /api/v1/printers/{id:guid}/pause", "POST", $"/api/v1/printers/{Guid.Empty}/pause", Policy(UserRole.Operator), Surface.Api),
        new("POST /api/v1/printers/{id:guid}/resume", "POST", $"/api/v1/printers/{Guid.Empty}/resume", Policy(UserRole.Operator), Surface.Api),
        new("POST /api/v1/printers/{id:guid}/cancel", "POST", $"/api/v1/printers/{Guid.Empty}/cancel", Policy(UserRole.Operator), Surface.Api),
        new("POST /api/v1/printers/{id:guid}/start", "POST", $"/api/v1/printers/{Guid.Empty}/start", Policy(UserRole.Operator), Surface.Api, """{"fileName":"part.gcode"}"""),
        new("POST /api/v1/printers/{id:guid}/send", "POST", $"/api/v1/printers/{Guid.Empty}/send", Policy(UserRole.Operator), Surface.Api, $$"""{"fileId":"{{Guid.NewGuid()}}"}"""),
        new("GET /api/v1/printers/{id:guid}/thumbnail", "GET", $"/api/v1/printers/{Guid.Empty}/thumbnail", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/printers/{id:guid}/history", "GET", $"/api/v1/printers/{Guid.Empty}/history", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/jobs", "GET", "/api/v1/jobs?status=Completed", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/jobs/{id:guid}", "GET", $"/api/v1/jobs/{Guid.Empty}", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/jobs/export.csv", "GET", "/api/v1/jobs/export.csv", Policy(UserRole.Viewer), Surface.Api),
        new("GET /api/v1/jobs/totals", "GET", "/api/v1/jobs/totals", Policy(UserRole.Viewer), Surface.Api),

        // API description: public, like any API's documentation.
        new("GET /openapi/{documentName}.json", "GET", "/openapi/v1.json", Anonymous, Surface.Browser),

        // Pages.
        new("GET,POST /", "GET", "/", Policy(UserRole.Viewer), Surface.Browser),
        new("GET,POST /library", "GET", "/library", Policy(UserRole.Viewer), Surface.Browser),
        new("GET,POST /library/trash", "GET", "/library/trash", Policy(UserRole.Designer), Surface.Browser),
        new("GET,POST /slicing/profiles", "GET", "/slicing/profiles", Policy(UserRole.Designer), Surface.Browser),
        new("GET,POST /models/{id:guid}", "GET", $"/models/{Guid.Empty}", Policy(UserRole.Viewer), Surface.Browser),
        new("GET,POST /printers", "GET", "/printers", Policy(UserRole.Viewer), Surface.Browser),
        new("GET,POST /printers/new", "GET", "/printers/new", Policy(UserRole.Admin), Surface.Browser),
        new("GET,POST /printers/{Id:guid}", "GET", $"/printers/{Guid.Empty}", Policy(UserRole.Viewer), Surface.Browser),
        new("GET,POST /printers/{Id:guid}/edit", "GET", $"/printers/{Guid.Empty}/edit", Policy(UserRole.Admin), Surface.Browser),
        new("GET,POST /jobs", "GET", "/jobs", Policy(UserRole.Viewer), Surface.Browser),
        new("GET,POST /settings", "GET", "/settings", Policy(UserRole.Viewer), Surface.Browser),
        new("GET,POST /admin", "GET", "/admin", Policy(UserRole.Admin), Surface.Browser),
        new("GET,POST /admin/users", "GET", "/admin/users", Policy(UserRole.Admin), Surface.Browser),
        new("GET,POST /admin/settings", "GET", "/admin/settings", Policy(UserRole.Admin), Surface.Browser),
        new("GET,POST /admin/audit", "GET", "/admin/audit", Policy(UserRole.Admin), Surface.Browser),
        new("GET,POST /admin/storage", "GET", "/admin/storage", Policy(UserRole.Admin), Surface.Browser),
        new("GET,POST /admin/libraries", "GET", "/admin/libraries", Policy(UserRole.Admin), Surface.Browser),
        new("GET,POST /account/login", "GET", "/account/login", Anonymous, Surface.Browser),
        new("GET,POST /account/setup", "GET", "/account/setup", Anonymous, Surface.Browser),
        new("GET,POST /account/access-denied", "GET", "/account/access-denied", Anonymous, Surface.Browser),
        new("GET,POST /error", "GET", "/error", Anonymous, Surface.Browser),
        new("GET,POST /not-found", "GET", "/not-found", Anonymous, Surface.Browser),

        // Browser plumbing. Sign-out ends the session, so it gets a session of its own.
        new("POST /account/logout", "POST", "/account/logout", Policy(UserRole.Viewer), Surface.Browser, OwnSession: true),
        new("GET,HEAD /_framework/blazor.web.js", "GET", "/_framework/blazor.web.js", Anonymous, Surface.Browser),
        new("GET /_framework/opaque-redirect", "GET", "/_framework/opaque-redirect", Policy(UserRole.Viewer), Surface.Browser),
        new("* /_blazor/negotiate", "POST", "/_blazor/negotiate?negotiateVersion=1", Policy(UserRole.Viewer), Surface.Browser),
        new("* /_blazor", "GET", "/_blazor", Policy(UserRole.Viewer), Surface.Browser),
        new("* /_blazor/disconnect", "POST", "/_blazor/disconnect", Policy(UserRole.Viewer), Surface.Browser),
        new("* /_blazor/initializers", "GET", "/_blazor/initializers", Policy(UserRole.Viewer), Surface.Browser),

        // Probes.
        new("* /healthz", "GET", "/healthz", Anonymous, Surface.Browser),
        new("* /readyz", "GET", "/readyz", Anonymous, Surface.Browser),
    ];

    public static TheoryData<string> Callers => [Anonymous, .. Enum.GetNames<UserRole>()];

    [Fact]
    public async Task RoleMatrix_EveryEndpoint_HasARow()
    {
        await using var app = new PrintStashAppFactory("Production");
        var registered = AppEndpoints.All(app)
            .Where(e => !AppEndpoints.IsStaticAsset(e) && !AppEndpoints.IsStaticAssetDevelopmentFallback(e))
            .Select(e => $"{AppEndpoints.Methods(e)} {AppEndpoints.Pattern(e)}")
            .ToHashSet(StringComparer.Ordinal);
        var tabled = Matrix.Select(r => r.Endpoint).ToHashSet(StringComparer.Ordinal);

        var missing = registered.Except(tabled).ToList();
        var stale = tabled.Except(registered).ToList();
        Assert.True(missing.Count == 0, "Endpoints missing from the role matrix:\n" + string.Join('\n', missing));
        Assert.True(stale.Count == 0, "Role matrix rows without an endpoint:\n" + string.Join('\n', stale));
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task RoleMatrix_Caller_GetsExactlyTheAccessOfTheirRole(string caller)
    {
        await using var app = new PrintStashAppFactory("Production");
        var bootstrapAdmin = await app.CreateUserAsync(UserRole.Admin, "first-admin");
        UserRole? role = caller == Anonymous ? null : Enum.Parse<UserRole>(caller);
        var user = role is { } r ? (r == UserRole.Admin ? bootstrapAdmin : await app.CreateUserAsync(r)) : null;

        using var browser = user is null ? app.CreateBrowser() : await app.SignInAsync(user);
        using var api = user is null ? app.CreateBrowser() : app.CreateApiClient(await app.CreateApiKeyAsync(user));

        var failures = new List<string>();
        foreach (var row in Matrix)
        {
            var allowed = row.Minimum == Anonymous || (role is { } has && has.Includes(Enum.Parse<UserRole>(row.Minimum)));
            HttpClient client;
            HttpClient? own = null;
            if (row.Surface == Surface.Api)
            {
                client = api;
            }
            else if (row.OwnSession && user is not null)
            {
                client = own = await app.SignInAsync(user);
            }
            else
            {
                client = browser;
            }

            using (own)
            using (var response = await SendAsync(client, row))
            {
                var problem = await CheckAsync(row, response, allowed, signedIn: user is not null);
                if (problem is not null)
                {
                    failures.Add($"{row} as {caller}: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task RoleMatrix_ApiKeyOnPage_ActsAsItsOwner()
    {
        await using var app = new PrintStashAppFactory("Production");
        var viewer = await app.CreateUserAsync(UserRole.Viewer);
        using var client = app.CreateApiClient(await app.CreateApiKeyAsync(viewer), useXApiKeyHeader: true);

        using var allowed = await client.GetAsync("/settings");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains(viewer.UserName, await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var denied = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    private static string Policy(UserRole role) => role.ToString();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Row row)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Path);
        if (row.Json is not null)
        {
            request.Content = new StringContent(row.Json, Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    private static async Task<string?> CheckAsync(Row row, HttpResponseMessage response, bool allowed, bool signedIn)
    {
        var status = (int)response.StatusCode;
        var location = LocationPath(response);
        if (allowed)
        {
            if (status >= 500)
            {
                return $"allowed but failed with {status}";
            }

            if (status is 401 or 403)
            {
                return $"allowed but answered {status}";
            }

            return location is not null && (location.StartsWith("/account/login?", StringComparison.Ordinal) || location.StartsWith("/account/access-denied", StringComparison.Ordinal))
                ? $"allowed but redirected to {location}"
                : null;
        }

        if (row.Surface == Surface.Api)
        {
            var expected = signedIn ? 403 : 401;
            if (status != expected)
            {
                return $"expected {expected}, got {status} {location}";
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"expected a ProblemDetails body, got {response.Content.Headers.ContentType}";
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("status").GetInt32() == expected && body.RootElement.TryGetProperty("detail", out _)
                ? null
                : "ProblemDetails body without matching status and detail";
        }

        var target = signedIn
            ? "/account/access-denied?ReturnUrl=" + Uri.EscapeDataString(row.Path)
            : "/account/login?ReturnUrl=" + Uri.EscapeDataString(row.Path);
        return status == 302 && location == target ? null : $"expected 302 to {target}, got {status} {location}";
    }

    private static string? LocationPath(HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null
        : location.IsAbsoluteUri ? location.PathAndQuery
        : location.OriginalString;
}
