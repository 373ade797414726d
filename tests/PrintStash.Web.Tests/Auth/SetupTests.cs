using System.Net;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Auth;

public sealed class SetupTests
{
    private const string SetupPath = "/account/setup";

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/users")]
    [InlineData("/account/login")]
    public async Task SetupGate_FreshAppPage_RedirectsToSetup(string path)
    {
        await using var app = new PrintStashAppFactory();
        using var browser = app.CreateBrowser();

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SetupPath, response.Headers.Location!.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task SetupGate_FreshAppApi_Answers503Problem()
    {
        await using var app = new PrintStashAppFactory();
        using var client = app.CreateBrowser();

        using var response = await client.GetAsync("/api/v1/me");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "PRINTSTASH_ADMIN_USER");
    }

    [Fact]
    public async Task SetupForm_Submitted_CreatesTheAdminAndSignsIn()
    {
        await using var app = new PrintStashAppFactory();
        using var browser = app.CreateBrowser();

        using var response = await SubmitAsync(browser, await FetchAsync(browser), "owner", "correct-horse-battery");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.PathAndQueryOrOriginal());
        Assert.True(LoginForm.SetsAuthCookie(response));
        using var home = await browser.GetAsync("/");
        await HttpAssert.StatusAsync(home, HttpStatusCode.OK);
        Assert.Contains("Dashboard", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var db = await app.CreateDbContextAsync();
        var user = await db.Users.SingleAsync();
        Assert.Equal("owner", user.UserName);
        Assert.Equal(UserRole.Admin, user.Role);
        Assert.True(user.IsActive);
    }

    [Fact]
    public async Task SetupForm_SecondSubmission_IsRefusedWith409AndCreatesNoUser()
    {
        await using var app = new PrintStashAppFactory();
        using var first = app.CreateBrowser();
        using var second = app.CreateBrowser();
        var firstForm = await FetchAsync(first);
        var secondForm = await FetchAsync(second);
        using (var created = await SubmitAsync(first, firstForm, "owner", "correct-horse-battery"))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        using var refused = await SubmitAsync(second, secondForm, "intruder", "correct-horse-battery");

        await HttpAssert.StatusAsync(refused, HttpStatusCode.Conflict);
        Assert.False(LoginForm.SetsAuthCookie(refused));
        Assert.Contains("already set up", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(["owner"], await db.Users.Select(u => u.UserName).ToListAsync());
    }

    [Fact]
    public async Task SetupForm_PasswordsDiffer_Answers400AndCreatesNoUser()
    {
        await using var app = new PrintStashAppFactory();
        using var browser = app.CreateBrowser();

        using var response = await SubmitAsync(browser, await FetchAsync(browser), "owner", "correct-horse-battery", confirm: "correct-horse-batterY");

        await HttpAssert.StatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("The two passwords differ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync());
    }

    [Fact]
    public async Task SetupForm_ShortPassword_Answers400WithTheRule()
    {
        await using var app = new PrintStashAppFactory();
        using var browser = app.CreateBrowser();

        using var response = await SubmitAsync(browser, await FetchAsync(browser), "owner", "short");

        await HttpAssert.StatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("at least 8 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync());
    }

    [Fact]
    public async Task BootstrapAdmin_ConfiguredOnAFreshApp_IsCreatedAtStart()
    {
        await using var app = new PrintStashAppFactory(settings: new Dictionary<string, string?>
        {
            ["PrintStash:AdminUser"] = "root",
            ["PrintStash:AdminPassword"] = "bootstrap-password",
        });
        using var anonymous = app.CreateBrowser();

        using var home = await anonymous.GetAsync("/");
        Assert.Equal("/account/login?ReturnUrl=%2F", home.Headers.Location!.PathAndQueryOrOriginal());
        using var browser = await app.SignInAsync(new TestUser(Guid.Empty, "root", "bootstrap-password", UserRole.Admin));
        await HttpAssert.StatusAsync(await browser.GetAsync("/admin/users"), HttpStatusCode.OK);
        await using var db = await app.CreateDbContextAsync();
        var admin = await db.Users.SingleAsync();
        Assert.Equal(UserRole.Admin, admin.Role);
    }

    [Fact]
    public async Task BootstrapAdmin_UsersAlreadyExist_IsIgnored()
    {
        using var dataDir = new TempDirectory();
        await using (var first = new PrintStashAppFactory(dataDir: dataDir.Path, settings: Bootstrap("first")))
        {
            _ = first.Services;
        }

        await using var second = new PrintStashAppFactory(dataDir: dataDir.Path, settings: Bootstrap("second"));
        await using var db = await second.CreateDbContextAsync();

        Assert.Equal(["first"], await db.Users.Select(u => u.UserName).ToListAsync());
    }

    private static Dictionary<string, string?> Bootstrap(string user) => new()
    {
        ["PrintStash:AdminUser"] = user,
        ["PrintStash:AdminPassword"] = "bootstrap-password",
    };

    private static Task<Dictionary<string, string>> FetchAsync(HttpClient browser) => HtmlForms.FetchHiddenFieldsAsync(browser, SetupPath, "setup");

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient browser, Dictionary<string, string> hidden, string userName, string password, string? confirm = null) =>
        HtmlForms.PostAsync(browser, SetupPath, hidden, new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.DisplayName"] = "The Owner",
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        });
}
