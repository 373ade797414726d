namespace PrintStash.Web.Tests.TestSupport;

/// <summary>The static sign-in form at /account/login.</summary>
internal static class LoginForm
{
    public const string Path = "/account/login";
    public const string FormName = "login";
    public const string AuthCookieName = "printstash.auth";

    public const string UserNameField = "Input.UserName";
    public const string PasswordField = "Input.Password";
    public const string RememberField = "Input.Remember";

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string userName, string password, string? returnUrl = null, bool remember = false)
    {
        var fields = new Dictionary<string, string> { [UserNameField] = userName, [PasswordField] = password };
        if (remember)
        {
            fields[RememberField] = "True";
        }

        return HtmlForms.SubmitAsync(browser, returnUrl is null ? Path : $"{Path}?ReturnUrl={Uri.EscapeDataString(returnUrl)}", FormName, fields);
    }

    public static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.StartsWith(AuthCookieName + "=", StringComparison.Ordinal) && !c.StartsWith(AuthCookieName + "=;", StringComparison.Ordinal));
}
