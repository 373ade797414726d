namespace PrintStash.Printers.Jobs;

/// <summary>A file PrintStash uploaded to a printer, waiting for the job that prints it.</summary>
public sealed record PendingSend(Guid PrinterId, string FileName, string Sha256, Guid? VaultFileId, Guid? UserId, DateTime SentAt);

/// <summary>
/// Files sent through PrintStash, so the ledger can link the job to the vault file (by content hash) and the user who
/// sent it. Bounded per printer and expiring; a restart forgets them and the ledger falls back to name + size matching.
/// </summary>
public sealed class PendingSends(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private const int MaxPerPrinter = 32;

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, List<PendingSend>> byPrinter = [];

    public PendingSend Record(Guid printerId, string fileName, string sha256, Guid? vaultFileId, Guid? userId)
    {
        var send = new PendingSend(printerId, fileName, sha256.ToLowerInvariant(), vaultFileId, userId, time.GetUtcNow().UtcDateTime);
        lock (gate)
        {
            if (!byPrinter.TryGetValue(printerId, out var list))
            {
                byPrinter[printerId] = list = [];
            }

            list.RemoveAll(s => SameName(s.FileName, fileName));
            list.Add(send);
            if (list.Count > MaxPerPrinter)
            {
                list.RemoveAt(0);
            }
        }

        return send;
    }

    public void Forget(PendingSend send)
    {
        lock (gate)
        {
            if (byPrinter.TryGetValue(send.PrinterId, out var list))
            {
                list.Remove(send);
            }
        }
    }

    /// <summary>Takes the newest unexpired send of this file name to this printer (printer-side folders are ignored).</summary>
    public PendingSend? Take(Guid printerId, string fileName)
    {
        var now = time.GetUtcNow().UtcDateTime;
        lock (gate)
        {
            if (!byPrinter.TryGetValue(printerId, out var list))
            {
                return null;
            }

            list.RemoveAll(s => now - s.SentAt > Lifetime);
            var match = list.LastOrDefault(s => SameName(s.FileName, fileName));
            if (match is not null)
            {
                list.Remove(match);
            }

            if (list.Count == 0)
            {
                byPrinter.Remove(printerId);
            }

            return match;
        }
    }

    internal static string BareName(string fileName)
    {
        var slash = fileName.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? fileName : fileName[(slash + 1)..];
    }

    private static bool SameName(string a, string b) => string.Equals(BareName(a), BareName(b), StringComparison.OrdinalIgnoreCase);
}
