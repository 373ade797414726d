using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;

namespace PrintStash.Web.Auth;

public sealed record NewUser(string UserName, string? DisplayName, string Password, UserRole Role, string? Email = null);

public sealed record UserSummary(Guid Id, string UserName, string DisplayName, string? Email, UserRole Role, bool IsActive, DateTime CreatedAt, DateTime? LastSignInAt);

/// <summary>Creates and changes user accounts; keeps at least one active Admin at all times.</summary>
public sealed partial class UserAccounts(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    IPasswordHasher<User> hasher,
    IAuditLog audit,
    UserSessionCache sessions,
    TimeProvider time)
{
    public const int MinimumPasswordLength = PrintStashOptionsValidator.MinimumPasswordLength;

    public async Task<bool> AnyUserExistsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Users.AnyAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var users = await context.Users.AsNoTracking().OrderBy(u => u.NormalizedUserName).ToListAsync(cancellationToken);
        return users.Select(ToSummary).ToList();
    }

    public async Task<OperationResult<UserSummary>> CreateAsync(NewUser request, AuditActor actor, CancellationToken cancellationToken)
    {
        var problem = ValidateUserName(request.UserName) ?? ValidatePassword(request.Password);
        if (problem is not null)
        {
            return OperationResult<UserSummary>.Fail(problem);
        }

        if (!Enum.IsDefined(request.Role))
        {
            return OperationResult<UserSummary>.Fail("Unknown role.");
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var normalized = User.Normalize(request.UserName);
        if (await context.Users.AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken))
        {
            return OperationResult<UserSummary>.Fail($"The user name '{request.UserName.Trim()}' is already taken.", FailureKind.Conflict);
        }

        var user = new User
        {
            Id = Guid.NewGuid(),
            UserName = request.UserName.Trim(),
            NormalizedUserName = normalized,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.UserName.Trim() : request.DisplayName.Trim(),
            Email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim(),
            PasswordHash = string.Empty,
            Role = request.Role,
            IsActive = true,
            SecurityStamp = NewStamp(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = hasher.HashPassword(user, request.Password);
        context.Users.Add(user);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, AuditActions.UserCreated, "user", user.UserName, new { role = user.Role.ToString() }, cancellationToken);
        return OperationResult<UserSummary>.Ok(ToSummary(user));
    }

    public async Task<OperationResult<UserSummary>> ChangeRoleAsync(Guid userId, UserRole role, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(role))
        {
            return OperationResult<UserSummary>.Fail("Unknown role.");
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await context.Users.FindAsync([userId], cancellationToken);
        if (user is null)
        {
            return OperationResult<UserSummary>.Fail("No such user.", FailureKind.NotFound);
        }

        if (user.Role == role)
        {
            return OperationResult<UserSummary>.Ok(ToSummary(user));
        }

        if (user.Role == UserRole.Admin && user.IsActive && await IsLastActiveAdminAsync(context, user, cancellationToken))
        {
            return OperationResult<UserSummary>.Fail("This is the last active Admin; make another user Admin first.", FailureKind.Conflict);
        }

        var previous = user.Role;
        user.Role = role;
        user.SecurityStamp = NewStamp();
        await context.SaveChangesAsync(cancellationToken);
        sessions.Forget(user.Id);
        await audit.WriteAsync(actor, AuditActions.UserRoleChanged, "user", user.UserName, new { from = previous.ToString(), to = role.ToString() }, cancellationToken);
        return OperationResult<UserSummary>.Ok(ToSummary(user));
    }

    public async Task<OperationResult<UserSummary>> SetActiveAsync(Guid userId, bool active, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await context.Users.FindAsync([userId], cancellationToken);
        if (user is null)
        {
            return OperationResult<UserSummary>.Fail("No such user.", FailureKind.NotFound);
        }

        if (user.IsActive == active)
        {
            return OperationResult<UserSummary>.Ok(ToSummary(user));
        }

        if (!active && user.Role == UserRole.Admin && await IsLastActiveAdminAsync(context, user, cancellationToken))
        {
            return OperationResult<UserSummary>.Fail("This is the last active Admin and cannot be deactivated.", FailureKind.Conflict);
        }

        user.IsActive = active;
        user.SecurityStamp = NewStamp();
        await context.SaveChangesAsync(cancellationToken);
        sessions.Forget(user.Id);
        await audit.WriteAsync(actor, active ? AuditActions.UserReactivated : AuditActions.UserDeactivated, "user", user.UserName, null, cancellationToken);
        return OperationResult<UserSummary>.Ok(ToSummary(user));
    }

    public async Task<OperationResult<UserSummary>> ResetPasswordAsync(Guid userId, string newPassword, AuditActor actor, CancellationToken cancellationToken)
    {
        if (ValidatePassword(newPassword) is { } problem)
        {
            return OperationResult<UserSummary>.Fail(problem);
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await context.Users.FindAsync([userId], cancellationToken);
        if (user is null)
        {
            return OperationResult<UserSummary>.Fail("No such user.", FailureKind.NotFound);
        }

        user.PasswordHash = hasher.HashPassword(user, newPassword);
        user.SecurityStamp = NewStamp();
        await context.SaveChangesAsync(cancellationToken);
        sessions.Forget(user.Id);
        await audit.WriteAsync(actor, AuditActions.UserPasswordReset, "user", user.UserName, null, cancellationToken);
        return OperationResult<UserSummary>.Ok(ToSummary(user));
    }

    /// <summary>Checks a password; returns the user only when the password matches and the account is active.</summary>
    public async Task<User?> VerifyPasswordAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var normalized = User.Normalize(userName);
        var user = await context.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null)
        {
            // Same work as a real check, so response time does not reveal which user names exist.
            hasher.VerifyHashedPassword(DummyUser, DummyHash, password);
            return null;
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed || !user.IsActive)
        {
            return null;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        user.LastSignInAt = time.GetUtcNow().UtcDateTime;
        await context.SaveChangesAsync(cancellationToken);
        return user;
    }

    public static string? ValidateUserName(string? userName)
    {
        var trimmed = userName?.Trim() ?? string.Empty;
        if (trimmed.Length is < 2 or > 64)
        {
            return "User names are 2 to 64 characters long.";
        }

        return UserNamePattern().IsMatch(trimmed)
            ? null
            : "User names may contain letters, digits, '.', '-', '_' and '@' only.";
    }

    public static string? ValidatePassword(string? password) =>
        password is null || password.Length < MinimumPasswordLength
            ? $"Passwords must be at least {MinimumPasswordLength} characters long."
            : password.Length > 256 ? "Passwords can be at most 256 characters long." : null;

    private static async Task<bool> IsLastActiveAdminAsync(PrintStashDbContext context, User user, CancellationToken cancellationToken) =>
        !await context.Users.Active().AnyAsync(u => u.Role == UserRole.Admin && u.Id != user.Id, cancellationToken);

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private static UserSummary ToSummary(User u) => new(u.Id, u.UserName, u.DisplayName, u.Email, u.Role, u.IsActive, u.CreatedAt, u.LastSignInAt);

    private static readonly User DummyUser = new() { UserName = "-", NormalizedUserName = "-", DisplayName = "-", PasswordHash = "-", SecurityStamp = "-" };

    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(DummyUser, "not-a-real-password");

    [GeneratedRegex(@"^[\p{L}\p{N}._@-]+$")]
    private static partial Regex UserNamePattern();
}
