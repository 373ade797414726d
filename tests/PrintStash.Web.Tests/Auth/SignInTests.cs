using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Web.Auth;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Auth;

public sealed class SignInTests
{
    [Fact]
    public async Task LoginForm_Rendered_HasTheFieldsABrowserPosts()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        using var browser = app.CreateBrowser();

        var inputs = HtmlForms.Inputs(await browser.GetStringAsync(LoginForm.Path));

        Assert.Equal(
            new HashSet<string>([HtmlForms.AntiforgeryField, HtmlForms.HandlerField, LoginForm.UserNameField, LoginForm.PasswordField, LoginForm.RememberField]),
            inputs.Keys.ToHashSet());
        Assert.Equal(LoginForm.FormName, inputs[HtmlForms.HandlerField]);
    }

    [Fact]
    public async Task SignIn_RightPassword_SetsCookieAndReturnsToTheRequestedPage()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var browser = app.CreateBrowser();

        using var response = await LoginForm.SubmitAsync(browser, user.UserName, user.Password, returnUrl: "/library");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/library", response.Headers.Location!.PathAndQueryOrOriginal());
        Assert.True(LoginForm.SetsAuthCookie(response));
        await HttpAssert.StatusAsync(await browser.GetAsync("/library"), HttpStatusCode.OK);
        Assert.Contains(await app.AuditEventsAsync(AuditActions.SignIn), e => e.ActorName == user.UserName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SignIn_KeepMeSignedIn_DecidesBetweenSessionAndPersistentCookie(bool remember)
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var browser = app.CreateBrowser();

        using var response = await LoginForm.SubmitAsync(browser, user.UserName, user.Password, remember: remember);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(LoginForm.AuthCookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        if (remember)
        {
            var expires = app.Time.GetUtcNow().AddDays(14).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"expires={expires}", cookie, StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task SignIn_ForeignReturnUrl_GoesHomeInstead(string returnUrl)
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var browser = app.CreateBrowser();

        using var response = await LoginForm.SubmitAsync(browser, user.UserName, user.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.True(!location.IsAbsoluteUri || location.Host == "localhost", $"Redirected off-site to {location}");
        Assert.Equal("/", location.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task SignIn_WrongPassword_Answers401PageWithoutCookieAndAudits()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var browser = app.CreateBrowser();

        using var response = await LoginForm.SubmitAsync(browser, user.UserName, "not-the-password");

        await HttpAssert.StatusAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(SignInService.InvalidCredentialsMessage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(LoginForm.SetsAuthCookie(response));
        var failed = Assert.Single(await app.AuditEventsAsync(AuditActions.SignInFailed));
        Assert.Equal(user.UserName, failed.ActorName);
        Assert.Null(failed.ActorId);
    }

    [Fact]
    public async Task SignIn_UnknownUser_AnswersTheSameAsAWrongPassword()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        using var browser = app.CreateBrowser();

        using var response = await LoginForm.SubmitAsync(browser, "nobody", "whatever-password");

        await HttpAssert.StatusAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(SignInService.InvalidCredentialsMessage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(LoginForm.SetsAuthCookie(response));
        Assert.Single(await app.AuditEventsAsync(AuditActions.SignInFailed));
    }

    [Fact]
    public async Task SignIn_EmptyFields_Answers200FormWithValidationMessages()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        using var browser = app.CreateBrowser();

        using var response = await LoginForm.SubmitAsync(browser, string.Empty, string.Empty);

        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter your user name.", html, StringComparison.Ordinal);
        Assert.Contains("Enter your password.", html, StringComparison.Ordinal);
        Assert.False(LoginForm.SetsAuthCookie(response));
    }

    [Fact]
    public async Task SignIn_AfterMaxFailures_IsLockedEvenWithTheRightPassword()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var browser = app.CreateBrowser();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await LoginForm.SubmitAsync(browser, user.UserName, $"wrong-{i}");
            await HttpAssert.StatusAsync(failed, HttpStatusCode.Unauthorized);
        }

        using var locked = await LoginForm.SubmitAsync(browser, user.UserName, user.Password);

        await HttpAssert.StatusAsync(locked, HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many failed sign-ins. Try again in 15 minutes.", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(LoginForm.SetsAuthCookie(locked));
        Assert.Equal(5, (await app.AuditEventsAsync(AuditActions.SignInFailed)).Count);
    }

    [Fact]
    public async Task SignIn_LockoutOver_AcceptsTheRightPasswordAgain()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var browser = app.CreateBrowser();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await LoginForm.SubmitAsync(browser, user.UserName, $"wrong-{i}");
        }

        app.Time.Advance(TimeSpan.FromMinutes(15));

        using var response = await LoginForm.SubmitAsync(browser, user.UserName, user.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(LoginForm.SetsAuthCookie(response));
    }

    [Fact]
    public async Task SignIn_MaxFailuresLoweredLive_LocksSooner()
    {
        await using var app = new PrintStashAppFactory();
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);
        await HttpAssert.StatusAsync(await admin.PutAsync("/api/v1/settings/Auth:MaxFailedSignIns", HttpAssert.Json("""{"value":"2"}""")), HttpStatusCode.OK);
        using var browser = app.CreateBrowser();
        for (var i = 0; i < 2; i++)
        {
            using var failed = await LoginForm.SubmitAsync(browser, user.UserName, $"wrong-{i}");
        }

        using var locked = await LoginForm.SubmitAsync(browser, user.UserName, user.Password);

        await HttpAssert.StatusAsync(locked, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task SignIn_DeactivatedUser_IsRefusedLikeAWrongPassword()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        var user = await app.CreateUserAsync(UserRole.Operator);
        await Accounts(app).SetActiveAsync(user.Id, false, AuditActor.System, CancellationToken.None);
        using var browser = app.CreateBrowser();

        using var response = await LoginForm.SubmitAsync(browser, user.UserName, user.Password);

        await HttpAssert.StatusAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(SignInService.InvalidCredentialsMessage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(LoginForm.SetsAuthCookie(response));
    }

    [Fact]
    public async Task Session_UserRoleChanged_CookieIsRejectedOnTheNextRequest()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin, "keeper-admin");
        var user = await app.CreateUserAsync(UserRole.Admin);
        using var browser = await app.SignInAsync(user);
        await HttpAssert.StatusAsync(await browser.GetAsync("/admin"), HttpStatusCode.OK);

        Assert.True((await Accounts(app).ChangeRoleAsync(user.Id, UserRole.Viewer, AuditActor.System, CancellationToken.None)).Succeeded);

        using var response = await browser.GetAsync("/library");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Flibrary", response.Headers.Location!.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task Session_UserDeactivated_CookieIsRejectedOnTheNextRequest()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        var user = await app.CreateUserAsync(UserRole.Designer);
        using var browser = await app.SignInAsync(user);
        await HttpAssert.StatusAsync(await browser.GetAsync("/library"), HttpStatusCode.OK);

        Assert.True((await Accounts(app).SetActiveAsync(user.Id, false, AuditActor.System, CancellationToken.None)).Succeeded);

        using var page = await browser.GetAsync("/library");
        Assert.Equal("/account/login?ReturnUrl=%2Flibrary", page.Headers.Location!.PathAndQueryOrOriginal());
        await HttpAssert.ProblemAsync(await browser.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Session_PasswordReset_CookieIsRejectedOnTheNextRequest()
    {
        await using var app = new PrintStashAppFactory();
        await app.CreateUserAsync(UserRole.Admin);
        var user = await app.CreateUserAsync(UserRole.Viewer);
        using var browser = await app.SignInAsync(user);

        Assert.True((await Accounts(app).ResetPasswordAsync(user.Id, "a-brand-new-password", AuditActor.System, CancellationToken.None)).Succeeded);

        using var page = await browser.GetAsync("/library");
        Assert.Equal("/account/login?ReturnUrl=%2Flibrary", page.Headers.Location!.PathAndQueryOrOriginal());
    }

    private static UserAccounts Accounts(PrintStashAppFactory app) => app.Services.GetRequiredService<UserAccounts>();
}
