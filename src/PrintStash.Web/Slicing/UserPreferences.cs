using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Web.Slicing;

/// <summary>Reads and saves a user's preferences (today: which "Open in slicer" buttons to show).</summary>
public sealed class UserPreferences(IDbContextFactory<PrintStashDbContext> contextFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<SlicerApp>> OpenInSlicersAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await context.UserPreferences.AsNoTracking().Where(p => p.UserId == userId).Select(p => new { p.OpenInSlicers }).FirstOrDefaultAsync(cancellationToken);
        return SlicerApps.FromPreference(stored?.OpenInSlicers);
    }

    public async Task SetOpenInSlicersAsync(Guid userId, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var preference = await context.UserPreferences.FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        if (preference is null)
        {
            preference = new UserPreference { UserId = userId };
            context.UserPreferences.Add(preference);
        }

        preference.OpenInSlicers = SlicerApps.ToPreference(keys);
        preference.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await context.SaveChangesAsync(cancellationToken);
    }
}
