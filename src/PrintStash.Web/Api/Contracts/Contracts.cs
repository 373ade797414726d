using PrintStash.Domain.Entities;

namespace PrintStash.Web.Api.Contracts;

public sealed record MeResponse(Guid Id, string UserName, string DisplayName, string Role, string AuthenticatedWith);

public sealed record CreateApiKeyRequest(string? Label, DateTime? ExpiresAt);

public sealed record ApiKeyResponse(Guid Id, string Label, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt, bool IsUsable);

/// <summary>Returned once, at creation: <see cref="Key"/> is never shown again.</summary>
public sealed record CreatedApiKeyResponse(ApiKeyResponse ApiKey, string Key);

public sealed record UserResponse(Guid Id, string UserName, string DisplayName, string? Email, string Role, bool IsActive, DateTime CreatedAt, DateTime? LastSignInAt);

public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Password, string? Role, string? Email);

public sealed record UpdateUserRequest(string? Role, bool? IsActive, string? Password);

public sealed record SettingResponse(string Key, string Label, string Description, string Value, string Source, bool Editable, string Type, string? Constraint, string? DefaultValue);

public sealed record SetSettingRequest(string? Value);

public sealed record AuditEventResponse(long Id, DateTime At, string Actor, string Action, string? TargetType, string? TargetId, string? Details, string? RemoteIp);

public sealed record AuditPageResponse(IReadOnlyList<AuditEventResponse> Events, int Total);

internal static class RoleNames
{
    public static bool TryParse(string? text, out UserRole role) =>
        Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(text, out _);
}
