using PrintStash.Ingestion.Libraries;

namespace PrintStash.Ingestion.Tests.Libraries;

public sealed class MountTableTests
{
    private static readonly string[] Lines =
    [
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
        "40 22 0:45 / /mnt/nas rw,relatime shared:20 - nfs4 nas.local:/export/models rw,vers=4.2",
        "41 22 0:46 / /mnt/smb rw,relatime - cifs //nas/models rw",
        "42 22 0:47 / /mnt/my\\040models rw,relatime - fuse.sshfs me@host:/models rw",
        "43 40 8:17 / /mnt/nas/local rw - xfs /dev/sdb1 rw",
    ];

    [Theory]
    [InlineData("/home/me/models", "ext4", false)]
    [InlineData("/mnt/nas/prints", "nfs4", true)]
    [InlineData("/mnt/nas", "nfs4", true)]
    [InlineData("/mnt/nasty", "ext4", false)]
    [InlineData("/mnt/smb/x", "cifs", true)]
    [InlineData("/mnt/my models/a", "fuse.sshfs", true)]
    [InlineData("/mnt/nas/local/a", "xfs", false)]
    public void Find_picks_the_longest_mount_point_and_knows_network_filesystems(string path, string type, bool network)
    {
        var mount = MountTable.Find(path, Lines)!;

        Assert.Equal(type, mount.FileSystemType);
        Assert.Equal(network, mount.IsNetwork);
    }

    [Fact]
    public void Identity_of_a_share_is_type_and_source_and_of_a_disk_its_device()
    {
        Assert.Equal("nfs4 nas.local:/export/models", MountTable.Find("/mnt/nas/a", Lines)!.Identity);
        Assert.Equal("8:17 xfs", MountTable.Find("/mnt/nas/local", Lines)!.Identity);
    }

    [Fact]
    public void Garbage_lines_are_skipped()
    {
        Assert.Null(MountTable.Find("/x", ["", "nonsense", "1 2 3"]));
    }
}
