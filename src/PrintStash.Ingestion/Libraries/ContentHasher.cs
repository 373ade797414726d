using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace PrintStash.Ingestion.Libraries;

/// <summary>The SHA-256 of an in-place file, or why it has none this time.</summary>
public readonly record struct HashOutcome(string? Hash, string? Problem, bool Unstable)
{
    public static HashOutcome Ok(string hash) => new(hash, null, false);

    public static HashOutcome Changing => new(null, "the file changed while it was read; it is indexed on a later scan", true);

    public static HashOutcome Failed(string problem) => new(null, problem, false);
}

/// <summary>
/// Hashes a file only if it is the file the walk saw: the size read must equal the walked size and neither size nor
/// last-write time may move while reading, so a file still being copied is never indexed half-written.
/// </summary>
public static class ContentHasher
{
    private const int BufferSize = 1 << 18;

    public static HashOutcome Hash(string path, long expectedSize, long expectedModifiedTicks, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (RandomAccess.GetLength(handle) != expectedSize)
            {
                return HashOutcome.Changing;
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(0, BufferSize), offset)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                offset += read;
                if (offset > expectedSize)
                {
                    return HashOutcome.Changing;
                }
            }

            if (offset != expectedSize || !Unchanged(handle, expectedSize, expectedModifiedTicks))
            {
                return HashOutcome.Changing;
            }

            return HashOutcome.Ok(Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch (FileNotFoundException)
        {
            return HashOutcome.Changing;
        }
        catch (DirectoryNotFoundException)
        {
            return HashOutcome.Changing;
        }
        catch (UnauthorizedAccessException)
        {
            return HashOutcome.Failed("permission denied");
        }
        catch (IOException ex)
        {
            return HashOutcome.Failed(ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool Unchanged(SafeFileHandle handle, long expectedSize, long expectedModifiedTicks) =>
        RandomAccess.GetLength(handle) == expectedSize && File.GetLastWriteTimeUtc(handle).Ticks == expectedModifiedTicks;
}
