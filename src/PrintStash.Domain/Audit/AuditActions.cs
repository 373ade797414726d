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
    public const string PrinterCreated = "printer.created";
    public const string PrinterUpdated = "printer.updated";
    public const string PrinterDeleted = "printer.deleted";
    public const string PrinterPaused = "printer.paused";
    public const string PrinterResumed = "printer.resumed";
    public const string PrinterCancelled = "printer.cancelled";
    public const string PrinterStarted = "printer.started";
    public const string PrinterFileSent = "printer.file_sent";

    public static readonly IReadOnlyList<string> All =
    [
        SetupCompleted, SignIn, SignInFailed, SignOut, UserCreated, UserRoleChanged, UserDeactivated,
        UserReactivated, UserPasswordReset, ApiKeyCreated, ApiKeyRevoked, SettingChanged, SettingCleared,
        PrinterCreated, PrinterUpdated, PrinterDeleted, PrinterPaused, PrinterResumed, PrinterCancelled,
        PrinterStarted, PrinterFileSent,
    ];
}
