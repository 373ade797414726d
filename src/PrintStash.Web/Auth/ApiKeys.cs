using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Web.Auth;

public sealed record ApiKeySummary(Guid Id, string Label, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt, bool IsUsable);

/// <summary>A key as created: the only moment its full text exists outside the caller's hands.</summary>
public sealed record CreatedApiKey(ApiKeySummary Summary, string Key);

public sealed record ApiKeyCheck(User? User, Guid? KeyId, string? Failure);

/// <summary>Per-user API keys: create (shown once), list, revoke, and check an incoming key.</summary>
public sealed class ApiKeys(IDbContextFactory<PrintStashDbContext> contextFactory, IAuditLog audit, TimeProvider time)
{
    public const int MaxLabelLength = 128;
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<OperationResult<CreatedApiKey>> CreateAsync(Guid userId, string? label, DateTime? expiresAtUtc, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cleanLabel = label?.Trim() ?? string.Empty;
        if (cleanLabel.Length is 0 or > MaxLabelLength)
        {
            return OperationResult<CreatedApiKey>.Fail($"Give the key a label of 1 to {MaxLabelLength} characters, e.g. \"OrcaSlicer on my laptop\".");
        }

        if (expiresAtUtc is { } expires && expires <= now)
        {
            return OperationResult<CreatedApiKey>.Fail("The expiry date must be in the future.");
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await context.Users.Active().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return OperationResult<CreatedApiKey>.Fail("No such active user.", FailureKind.NotFound);
        }

        var (key, prefix) = ApiKeyFormat.Generate();
        var row = new ApiKey
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Label = cleanLabel,
            Prefix = prefix,
            SecretHash = ApiKeyFormat.Hash(key),
            CreatedAt = now,
            ExpiresAt = expiresAtUtc is { } e ? DateTime.SpecifyKind(e, DateTimeKind.Utc) : null,
        };
        context.ApiKeys.Add(row);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, AuditActions.ApiKeyCreated, "api_key", prefix, new { owner = user.UserName, label = cleanLabel, expiresAt = row.ExpiresAt }, cancellationToken);
        return OperationResult<CreatedApiKey>.Ok(new CreatedApiKey(ToSummary(row, now), key));
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await context.ApiKeys.AsNoTracking().Where(k => k.UserId == userId).ToListAsync(cancellationToken);
        return rows.OrderByDescending(k => k.CreatedAt).Select(k => ToSummary(k, now)).ToList();
    }

    public async Task<OperationResult<ApiKeySummary>> RevokeAsync(Guid userId, Guid keyId, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await context.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken);
        if (row is null)
        {
            return OperationResult<ApiKeySummary>.Fail("No such API key.", FailureKind.NotFound);
        }

        if (row.RevokedAt is null)
        {
            row.RevokedAt = now;
            await context.SaveChangesAsync(cancellationToken);
            await audit.WriteAsync(actor, AuditActions.ApiKeyRevoked, "api_key", row.Prefix, new { label = row.Label }, cancellationToken);
        }

        return OperationResult<ApiKeySummary>.Ok(ToSummary(row, now));
    }

    /// <summary>Checks a presented key; the failure text is safe to show to the caller.</summary>
    public async Task<ApiKeyCheck> CheckAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParse(presented, out var prefix))
        {
            return new ApiKeyCheck(null, null, ApiKeyFormat.MalformedMessage);
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await context.ApiKeys.Include(k => k.User).FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (row is null || !ApiKeyFormat.Matches(presented, row.SecretHash))
        {
            return new ApiKeyCheck(null, null, "Unknown API key.");
        }

        if (row.RevokedAt is not null)
        {
            return new ApiKeyCheck(null, null, "This API key was revoked.");
        }

        if (row.ExpiresAt is { } expires && expires <= now)
        {
            return new ApiKeyCheck(null, null, $"This API key expired on {expires:yyyy-MM-dd HH:mm} UTC.");
        }

        if (row.User is not { IsActive: true } user)
        {
            return new ApiKeyCheck(null, null, "The owner of this API key is deactivated.");
        }

        if (row.LastUsedAt is null || now - row.LastUsedAt >= LastUsedResolution)
        {
            row.LastUsedAt = now;
            await context.SaveChangesAsync(cancellationToken);
        }

        return new ApiKeyCheck(user, row.Id, null);
    }

    private static ApiKeySummary ToSummary(ApiKey k, DateTime now) =>
        new(k.Id, k.Label, k.Prefix, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt, k.IsUsableAt(now));
}
