namespace PrintStash.Domain.Audit;

public static class AuditActions
{
    public const string SetupCompleted = "setup.completed";
    public const string SignIn = "auth.sign_in";
    public const string SignInFailed = "auth.sign_in_failed";
    public const string SignOut = "auth.sign_out";
    public const string UserCreated = "user.created";
    public const string UserRoleChanged = "user.role_changed";
    public const string UserDeactivated = "user.deactivated";
    public const string UserReactivated = "user.reactivated";
    public const string UserPasswordReset = "user.password_reset";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string SettingChanged = "setting.changed";
    public const string SettingCleared = "setting.cleared";

    public static readonly IReadOnlyList<string> All =
    [
        SetupCompleted, SignIn, SignInFailed, SignOut, UserCreated, UserRoleChanged, UserDeactivated,
        UserReactivated, UserPasswordReset, ApiKeyCreated, ApiKeyRevoked, SettingChanged, SettingCleared,
    ];
}
