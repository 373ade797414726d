using System.Net;
using System.Text.Json;
using PrintStash.Domain.Entities;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Api;

public sealed class HealthEndpointsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Liveness_Anonymous_Answers200(bool setUp)
    {
        await using var app = new PrintStashAppFactory("Production");
        if (setUp)
        {
            await app.CreateUserAsync(UserRole.Admin);
        }

        using var client = app.CreateBrowser();
        using var response = await client.GetAsync("/healthz");

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Readiness_Anonymous_ReportsDatabaseAndDataDirectory(bool setUp)
    {
        await using var app = new PrintStashAppFactory("Production");
        if (setUp)
        {
            await app.CreateUserAsync(UserRole.Admin);
        }

        using var client = app.CreateBrowser();
        using var response = await client.GetAsync("/readyz");

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal(["data-directory", "database"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("data-directory").GetProperty("status").GetString());
        Assert.Empty(Directory.GetFiles(app.DataDir, ".readyz-*"));
    }
}
