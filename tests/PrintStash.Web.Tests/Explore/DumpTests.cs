using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PrintStash.Domain.Entities;
using PrintStash.Web.Tests.TestSupport;
using Xunit.Abstractions;

namespace PrintStash.Web.Tests.Explore;

public sealed class DumpTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Dump()
    {
        await using var app = new PrintStashAppFactory();
        var admin = await app.CreateUserAsync(UserRole.Admin, "admin");
        using var anon = app.CreateBrowser();
        var login = await anon.GetStringAsync("/account/login");
        output.WriteLine(login);
        foreach (var e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            var re = e as RouteEndpoint;
            output.WriteLine($"{e.GetType().Name} '{re?.RoutePattern.RawText}' {e.DisplayName} :: {string.Join(", ", e.Metadata.Select(m => m.GetType().Name + (m is Microsoft.AspNetCore.Routing.HttpMethodMetadata h ? "[" + string.Join("/", h.HttpMethods) + "]" : "")).Distinct())}");
        }

        output.WriteLine(string.Join("\n", Directory.GetFiles(app.DataDir, "*", SearchOption.AllDirectories)));
    }
}
