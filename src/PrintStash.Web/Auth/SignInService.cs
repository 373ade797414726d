using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Settings;

namespace PrintStash.Web.Auth;

public enum SignInOutcome
{
    SignedIn,
    InvalidCredentials,
    LockedOut,
}

public sealed record SignInResult(SignInOutcome Outcome, string? Message);

/// <summary>Password sign-in for the browser: throttling, audit, and the authentication cookie.</summary>
public sealed class SignInService(UserAccounts accounts, LoginThrottle throttle, IAuditLog audit, ISettingsResolver settings, TimeProvider time)
{
    public const string InvalidCredentialsMessage = "Wrong user name or password.";

    public async Task<SignInResult> SignInAsync(HttpContext http, string userName, string password, bool remember, CancellationToken cancellationToken)
    {
        var remoteIp = http.Connection.RemoteIpAddress?.ToString();
        if (throttle.LockedFor(userName, remoteIp) is { } wait)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
            return new SignInResult(SignInOutcome.LockedOut, $"Too many failed sign-ins. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}.");
        }

        var user = await accounts.VerifyPasswordAsync(userName, password, cancellationToken);
        if (user is null)
        {
            throttle.RecordFailure(userName, remoteIp);
            await audit.WriteAsync(new AuditActor(null, userName, remoteIp), AuditActions.SignInFailed, "user", userName, null, cancellationToken);
            return new SignInResult(SignInOutcome.InvalidCredentials, InvalidCredentialsMessage);
        }

        throttle.RecordSuccess(userName);
        var principal = PrintStashClaims.CreatePrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties
        {
            IsPersistent = remember,
            ExpiresUtc = remember ? time.GetUtcNow().AddDays(settings.Get(SettingCatalog.SessionDays)) : null,
        };
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, properties);
        await audit.WriteAsync(new AuditActor(user.Id, user.UserName, remoteIp), AuditActions.SignIn, "user", user.UserName, null, cancellationToken);
        return new SignInResult(SignInOutcome.SignedIn, null);
    }
}
