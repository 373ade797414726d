using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Vault;

namespace PrintStash.Ingestion.Slicing;

public sealed record SlicerProfileView(Guid Id, string Name, SlicerProfileKind Kind, SlicerProfileFormat Format, int SettingCount, DateTime UpdatedAt);

/// <summary>Named slicer profiles: import, list, edit, delete. Everything that changes them is audited.</summary>
public sealed class SlicerProfileService(IDbContextFactory<PrintStashDbContext> contextFactory, IAuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 128;

    public async Task<IReadOnlyList<SlicerProfileView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await context.SlicerProfiles.AsNoTracking().OrderBy(p => p.Kind).ThenBy(p => p.Name).ToListAsync(cancellationToken);
        return rows.Select(ToView).ToList();
    }

    public async Task<SlicerProfile?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.SlicerProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    /// <summary>Stores every profile in the file; a profile with the same kind and name is replaced.</summary>
    public async Task<(IReadOnlyList<SlicerProfileView>? Profiles, string? Error)> ImportAsync(string fileName, string text, AuditActor actor, CancellationToken cancellationToken)
    {
        var (imported, error) = SlicerProfileImporter.Read(fileName, text);
        if (imported is null)
        {
            return (null, error);
        }

        if (imported.FirstOrDefault(p => p.Name.Trim().Length is 0 or > MaxNameLength) is { } badName)
        {
            return (null, $"Profile names are 1 to {MaxNameLength} characters ('{badName.Name[..Math.Min(badName.Name.Length, 40)]}…').");
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var stored = new List<SlicerProfile>();
        foreach (var profile in imported)
        {
            var name = profile.Name.Trim();
            var existing = await context.SlicerProfiles.FirstOrDefaultAsync(p => p.Kind == profile.Kind && p.Name == name, cancellationToken);
            if (existing is null)
            {
                existing = new SlicerProfile { Id = Guid.NewGuid(), Name = name, Content = profile.Content, CreatedById = actor.UserId, CreatedAt = now };
                context.SlicerProfiles.Add(existing);
            }

            existing.Kind = profile.Kind;
            existing.Format = profile.Format;
            existing.Content = profile.Content;
            existing.UpdatedAt = now;
            stored.Add(existing);
        }

        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "slicer-profile.imported", "slicer-profile", null,
            new { file = fileName, profiles = stored.Select(p => new { p.Id, p.Name, kind = p.Kind.ToString() }) }, cancellationToken);
        return (stored.Select(ToView).ToList(), null);
    }

    public async Task<VaultResult> UpdateAsync(Guid id, string? name, string? content, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var profile = await context.SlicerProfiles.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (profile is null)
        {
            return VaultResult.NotFound("slicer profile");
        }

        if (name is not null)
        {
            var clean = name.Trim();
            if (clean.Length is 0 or > MaxNameLength)
            {
                return VaultResult.Invalid($"Profile names are 1 to {MaxNameLength} characters.");
            }

            if (await context.SlicerProfiles.AnyAsync(p => p.Id != id && p.Kind == profile.Kind && p.Name == clean, cancellationToken))
            {
                return VaultResult.Invalid($"There is already a {profile.Kind.ToString().ToLowerInvariant()} profile named '{clean}'.");
            }

            profile.Name = clean;
        }

        if (content is not null)
        {
            var (parsed, error) = SlicerProfileImporter.Read(profile.Name, content);
            if (parsed is null)
            {
                return VaultResult.Invalid(error!);
            }

            if (parsed.Count != 1 || parsed[0].Format != profile.Format)
            {
                return VaultResult.Invalid("The edited settings must stay one profile in the same format.");
            }

            profile.Content = content;
        }

        profile.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "slicer-profile.updated", "slicer-profile", id.ToString(), new { profile.Name, contentChanged = content is not null }, cancellationToken);
        return VaultResult.Ok;
    }

    public async Task<VaultResult> DeleteAsync(Guid id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var profile = await context.SlicerProfiles.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (profile is null)
        {
            return VaultResult.NotFound("slicer profile");
        }

        context.SlicerProfiles.Remove(profile);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "slicer-profile.deleted", "slicer-profile", id.ToString(), new { profile.Name }, cancellationToken);
        return VaultResult.Ok;
    }

    public static SlicerProfileView ToView(SlicerProfile p) =>
        new(p.Id, p.Name, p.Kind, p.Format, p.Format == SlicerProfileFormat.PrusaIni ? SlicerProfileImporter.IniPairs(p.Content).Count : CountJsonKeys(p.Content), p.UpdatedAt);

    private static int CountJsonKeys(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.EnumerateObject().Count();
        }
        catch (System.Text.Json.JsonException)
        {
            return 0;
        }
    }
}
