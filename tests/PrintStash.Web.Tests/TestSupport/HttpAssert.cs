using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace PrintStash.Web.Tests.TestSupport;

internal static class HttpAssert
{
    public static async Task StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode} (Location: {response.Headers.Location}): {Truncate(body)}");
        }
    }

    /// <summary>Asserts a ProblemDetails response with this status, and optionally a detail containing <paramref name="detailContains"/>.</summary>
    public static async Task<ProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detailContains = null)
    {
        await StatusAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.NotNull(problem);
        Assert.Equal((int)status, problem.Status);
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, problem.Detail ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        }

        return problem;
    }

    public static async Task<T> JsonAsync<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        await StatusAsync(response, status);
        var value = await response.Content.ReadFromJsonAsync<T>();
        Assert.NotNull(value);
        return value;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000] + "…";
}
