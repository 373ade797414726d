using System.Globalization;
using System.Runtime.InteropServices;

namespace PrintStash.Bench.Support;

/// <summary>Prints what the figures depend on: cores, CPU, RAM, disk, runtime, date and commit.</summary>
internal static class MachineInfo
{
    public static async Task PrintAsync(BenchContext context)
    {
        Console.WriteLine("PrintStash benchmarks");
        Console.WriteLine($"  date (UTC)   {TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}");
        var commit = await GitAsync(context, "rev-parse", "--short", "HEAD");
        var dirty = (await GitAsync(context, "status", "--porcelain", "--untracked-files=no")).Length > 0;
        Console.WriteLine($"  commit       {commit}{(dirty ? " (+ uncommitted changes in the work tree)" : string.Empty)}");
        Console.WriteLine($"  cores        {Environment.ProcessorCount}");
        Console.WriteLine($"  cpu          {CpuModel()}");
        Console.WriteLine($"  ram          {MemTotal()}");
        Console.WriteLine($"  disk (tmp)   {Disk(Path.GetTempPath())}");
        Console.WriteLine($"  runtime      {RuntimeInformation.FrameworkDescription} {RuntimeInformation.RuntimeIdentifier}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
        Console.WriteLine($"  corpus       {context.CorpusDir}");
        Console.WriteLine($"  cache        {context.CacheDir}");
#if DEBUG
        Console.WriteLine("  WARNING      Debug build: run with -c Release for figures worth recording.");
#endif
    }

    public static string Disk(string path)
    {
        var drive = new DriveInfo(path);
        var device = MountDevice(drive.RootDirectory.FullName);
        var rotational = device is null ? null : ReadTrimmed($"/sys/block/{Path.GetFileName(device)}/queue/rotational");
        var kind = rotational switch { "0" => "non-rotational", "1" => "rotational", _ => "unknown type" };
        return $"{device ?? "?"} {drive.DriveFormat}, {Stats.Bytes(drive.TotalSize)} total, {Stats.Bytes(drive.AvailableFreeSpace)} free, {kind}";
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static string MemTotal()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        return line is null ? "?" : Stats.Bytes(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024);
    }

    private static string? MountDevice(string mountPoint)
    {
        if (!File.Exists("/proc/mounts"))
        {
            return null;
        }

        var best = File.ReadLines("/proc/mounts")
            .Select(l => l.Split(' '))
            .Where(p => p.Length > 2 && p[0].StartsWith("/dev/", StringComparison.Ordinal) && (mountPoint + "/").StartsWith(p[1].TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderByDescending(p => p[1].Length)
            .FirstOrDefault();
        return best?[0];
    }

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<string> GitAsync(BenchContext context, params string[] args)
    {
        try
        {
            var result = await ProcessRunner.RunAsync("git", ["-C", context.RepoRoot, .. args], CancellationToken.None);
            return result.Succeeded ? result.StandardOutput.Trim() : "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
