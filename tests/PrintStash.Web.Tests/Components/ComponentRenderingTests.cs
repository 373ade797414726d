using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Settings;
using PrintStash.Web.Tests.TestSupport;
using Admin = PrintStash.Web.Components.Pages.Admin;
using Pages = PrintStash.Web.Components.Pages;
using Shared = PrintStash.Web.Components.Shared;

namespace PrintStash.Web.Tests.Components;

/// <summary>Components rendered to HTML with the in-box HtmlRenderer, using the app's own services.</summary>
public sealed class ComponentRenderingTests
{
    [Fact]
    public async Task EmptyState_WithTextAndChildContent_RendersAllOfThem()
    {
        await using var app = new PrintStashAppFactory();

        var html = await ComponentRenderer.RenderAsync<Shared.EmptyState>(app, null, new Dictionary<string, object?>
        {
            [nameof(Shared.EmptyState.Icon)] = "print",
            [nameof(Shared.EmptyState.Title)] = "No printers <yet>",
            [nameof(Shared.EmptyState.Text)] = "Connect one.",
            [nameof(Shared.EmptyState.ChildContent)] = (RenderFragment)(b => b.AddMarkupContent(0, "<a id=\"child\">add</a>")),
        });

        Assert.StartsWith("<div class=\"ps-empty\">", html, StringComparison.Ordinal);
        Assert.Contains(">print<", html, StringComparison.Ordinal);
        Assert.Contains("No printers &lt;yet&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Connect one.", html, StringComparison.Ordinal);
        Assert.Contains("<a id=\"child\">add</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_ForAdmin_LinksToUserAndServerAdministration()
    {
        await using var app = new PrintStashAppFactory();

        var html = await ComponentRenderer.RenderAsync<Pages.Home>(app, UserRole.Admin);

        Assert.Contains("Nothing here yet", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/users\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/settings\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("An Admin manages", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_ForViewer_ExplainsThatAnAdminManagesAccountsAndSettings()
    {
        await using var app = new PrintStashAppFactory();

        var html = await ComponentRenderer.RenderAsync<Pages.Home>(app, UserRole.Viewer);

        Assert.Contains("An Admin manages accounts.", html, StringComparison.Ordinal);
        Assert.Contains("An Admin manages server settings.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/admin/users\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/settings\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerSettings_WithAnOverride_ShowsEverySettingAndItsSource()
    {
        await using var app = new PrintStashAppFactory();
        await app.Services.GetRequiredService<ISettingsResolver>()
            .SetOverrideAsync("Auth:LockoutMinutes", "30", AuditActor.System, CancellationToken.None);

        var html = await ComponentRenderer.RenderAsync<Admin.ServerSettings>(app, UserRole.Admin);

        foreach (var setting in new SettingCatalog().All)
        {
            Assert.Contains($">{setting.Key}<", html, StringComparison.Ordinal);
        }

        Assert.Contains(">PrintStash:DataDir<", html, StringComparison.Ordinal);
        Assert.Contains(app.DataDir, html, StringComparison.Ordinal);
        Assert.Contains("name=\"Auth:LockoutMinutes\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"30\"", html, StringComparison.Ordinal);
        Assert.Contains(SettingSources.Overlay, html, StringComparison.Ordinal);
        Assert.Contains("fixed at start", html, StringComparison.Ordinal);
    }
}
