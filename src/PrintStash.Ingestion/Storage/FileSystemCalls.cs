using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PrintStash.Ingestion.Storage;

/// <summary>
/// The few POSIX calls .NET does not expose and durable storage needs: a rename that never falls back to copying,
/// fsync of a directory, and early write-back of a range. Elsewhere than Linux they report "not done" and callers
/// take the portable path.
/// </summary>
public static partial class FileSystemCalls
{
    private const int EXDEV = 18;
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000;
    private const uint SyncFileRangeWrite = 2;

    /// <summary>Renames within one filesystem; false (nothing moved) when the paths are on different filesystems.</summary>
    public static bool TryRenameWithinFileSystem(string source, string destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        if (rename(source, destination) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EXDEV
            ? false
            : throw new IOException($"Could not move '{source}' into storage: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    /// <summary>Makes the directory's entries (a rename into it) durable. No-op where directories cannot be fsynced.</summary>
    public static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = open(directory, ORdOnly | ODirectory);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Could not open '{directory}' to flush it: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        try
        {
            if (fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"Could not flush '{directory}': {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>fsync of an open file, whatever access it was opened with (.NET only flushes handles opened for writing).</summary>
    public static void FlushFile(SafeFileHandle handle)
    {
        if (OperatingSystem.IsLinux() && fsync_handle(handle) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Could not flush a file to disk: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
    }

    /// <summary>Starts write-back of a written range without waiting, so the final fsync has less left to do.</summary>
    public static void StartWriteBack(SafeFileHandle handle, long offset, long count)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = sync_file_range(handle, offset, count, SyncFileRangeWrite);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rename(string oldpath, string newpath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string pathname, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int fsync_handle(SafeFileHandle fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sync_file_range(SafeFileHandle fd, long offset, long nbytes, uint flags);
}
