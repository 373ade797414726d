using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Storage;

/// <summary>Every blob on disk that something refers to has a row: file contents and thumbnails alike.</summary>
public static class BlobRows
{
    public static async Task EnsureAsync(PrintStashDbContext context, string hash, long size, DateTime now, CancellationToken cancellationToken)
    {
        if (context.Blobs.Local.Any(b => b.Hash == hash) || await context.Blobs.AnyAsync(b => b.Hash == hash, cancellationToken))
        {
            return;
        }

        context.Blobs.Add(new Blob { Hash = hash, Size = size, CreatedAt = now });
    }
}
