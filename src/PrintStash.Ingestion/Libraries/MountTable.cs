using System.Text;

namespace PrintStash.Ingestion.Libraries;

/// <summary>The filesystem a path lives on, read from /proc/self/mountinfo.</summary>
public sealed record MountInfo(string MountPoint, string DeviceId, string FileSystemType, string Source)
{
    private static readonly HashSet<string> NetworkTypes = new(StringComparer.Ordinal)
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p", "afs", "ceph", "glusterfs", "fuse.glusterfs",
        "fuse.rclone", "davfs", "fuse.davfs2", "lustre", "ncpfs", "fuse.s3fs",
    };

    /// <summary>True where the kernel delivers no inotify events for changes made by other machines.</summary>
    public bool IsNetwork => NetworkTypes.Contains(FileSystemType);

    public string Kind => IsNetwork ? $"network ({FileSystemType})" : $"local ({FileSystemType})";

    /// <summary>
    /// What identifies the filesystem across remounts: a block device by its number; a share, tmpfs or FUSE mount
    /// (anonymous device numbers, reused after an unmount) by its type and source ("nfs4 nas:/export/models").
    /// </summary>
    public string Identity
    {
        get
        {
            var identity = DeviceId.StartsWith("0:", StringComparison.Ordinal) ? $"{FileSystemType} {Source}" : $"{DeviceId} {FileSystemType}";
            return identity.Length <= 64 ? identity : identity[..64];
        }
    }
}

public static class MountTable
{
    public const string DefaultPath = "/proc/self/mountinfo";

    /// <summary>The mount holding <paramref name="path"/>, or null where there is no mountinfo (not Linux).</summary>
    public static MountInfo? Find(string path, string mountInfoPath = DefaultPath)
    {
        if (!File.Exists(mountInfoPath))
        {
            return null;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(mountInfoPath);
        }
        catch (IOException)
        {
            return null;
        }

        return Find(path, lines);
    }

    public static MountInfo? Find(string path, IEnumerable<string> mountInfoLines)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        MountInfo? best = null;
        foreach (var line in mountInfoLines)
        {
            var mount = Parse(line);
            if (mount is null || !Contains(mount.MountPoint, full))
            {
                continue;
            }

            // The longest mount point wins; among equal ones the later line is mounted on top.
            if (best is null || mount.MountPoint.Length >= best.MountPoint.Length)
            {
                best = mount;
            }
        }

        return best;
    }

    public static MountInfo? Parse(string line)
    {
        var fields = line.Split(' ');
        var separator = Array.IndexOf(fields, "-");
        if (fields.Length < 10 || separator < 6 || separator + 2 >= fields.Length)
        {
            return null;
        }

        return new MountInfo(Unescape(fields[4]), fields[2], fields[separator + 1], Unescape(fields[separator + 2]));
    }

    private static bool Contains(string mountPoint, string path) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint + "/", StringComparison.Ordinal);

    // Spaces, tabs, newlines and backslashes appear as \040, \011, \012, \134.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }

        var bytes = new List<byte>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.AsSpan(i + 1, 3).ToString() is var octal && octal.All(c => c is >= '0' and <= '7'))
            {
                bytes.Add(Convert.ToByte(octal, 8));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
