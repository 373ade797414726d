using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Printers.Jobs;

/// <summary>A file PrintStash uploaded to a printer, waiting for the job that prints it.</summary>
public sealed record PendingSend(Guid Id, Guid PrinterId, string FileName, string Sha256, Guid? VaultFileId, Guid? UserId, DateTime SentAt);

/// <summary>
/// Files sent through PrintStash, so the ledger can link the job to the vault file (by content hash) and the user who
/// sent it. Stored in <c>pending_sends</c>, so a restart between the upload and the start of the job keeps the link;
/// bounded per printer (the newest <see cref="MaxPerPrinter"/>) and expiring after <see cref="Lifetime"/>.
/// </summary>
public sealed class PendingSends(IDbContextFactory<PrintStashDbContext> contextFactory, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    public const int MaxPerPrinter = 32;

    public async Task<PendingSend> RecordAsync(Guid printerId, string fileName, string sha256, Guid? vaultFileId, Guid? userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = new PendingPrinterSend
        {
            Id = Guid.CreateVersion7(),
            PrinterId = printerId,
            FileName = BareName(fileName),
            Sha256 = sha256.ToLowerInvariant(),
            VaultFileId = vaultFileId,
            UserId = userId,
            SentAt = now,
        };
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var kept = await ForPrinterAsync(context, printerId, now, cancellationToken);
        // A new send of the same name replaces the older one (the printer overwrote the file); the oldest go past the cap.
        context.PendingSends.RemoveRange(kept.Where(s => SameName(s.FileName, row.FileName)));
        context.PendingSends.RemoveRange(kept.Where(s => !SameName(s.FileName, row.FileName)).OrderByDescending(s => s.SentAt).Skip(MaxPerPrinter - 1));
        context.PendingSends.Add(row);
        await context.SaveChangesAsync(cancellationToken);
        return ToRecord(row);
    }

    /// <summary>Drops a send whose upload failed.</summary>
    public async Task ForgetAsync(PendingSend send, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.PendingSends.Where(s => s.Id == send.Id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Takes the newest unexpired send of this file name to this printer (printer-side folders are ignored).</summary>
    public async Task<PendingSend?> TakeAsync(Guid printerId, string fileName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var kept = await ForPrinterAsync(context, printerId, now, cancellationToken);
        var match = kept.Where(s => SameName(s.FileName, fileName)).MaxBy(s => s.SentAt);
        if (match is not null)
        {
            context.PendingSends.Remove(match);
        }

        await context.SaveChangesAsync(cancellationToken);
        return match is null ? null : ToRecord(match);
    }

    internal static string BareName(string fileName)
    {
        var slash = fileName.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? fileName : fileName[(slash + 1)..];
    }

    /// <summary>The printer's unexpired sends (tracked); expired ones, of any printer, are deleted first.</summary>
    private async Task<List<PendingPrinterSend>> ForPrinterAsync(PrintStashDbContext context, Guid printerId, DateTime now, CancellationToken cancellationToken)
    {
        var expiredBefore = now - Lifetime;
        // Read first: the ledger asks for every report of an unlinked job, and most of the time there is nothing to delete.
        if (await context.PendingSends.AnyAsync(s => s.SentAt < expiredBefore, cancellationToken))
        {
            await context.PendingSends.Where(s => s.SentAt < expiredBefore).ExecuteDeleteAsync(cancellationToken);
        }

        return await context.PendingSends.Where(s => s.PrinterId == printerId).ToListAsync(cancellationToken);
    }

    private static PendingSend ToRecord(PendingPrinterSend row) =>
        new(row.Id, row.PrinterId, row.FileName, row.Sha256, row.VaultFileId, row.UserId, row.SentAt);

    private static bool SameName(string a, string b) => string.Equals(BareName(a), BareName(b), StringComparison.OrdinalIgnoreCase);
}
