using System.Runtime.InteropServices;

namespace PrintStash.Ingestion.Tests.Libraries;

/// <summary>
/// These tests run as root, and root reads every folder. Capabilities are per thread on Linux: this runs a function on
/// a fresh thread whose effective set lacks CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so permissions apply to it.
/// </summary>
internal static partial class Unprivileged
{
    private const uint Version3 = 0x20080522;
    private const int CapDacOverride = 1;
    private const int CapDacReadSearch = 2;

    public static T Run<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                DropDacCapabilities();
                result = action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("The unprivileged run failed.", failure);
        }

        return result;
    }

    private static void DropDacCapabilities()
    {
        var header = new CapHeader { Version = Version3, Pid = 0 };
        var data = new CapData[2];
        Assert.Equal(0, CapGet(ref header, data));
        data[0].Effective &= ~((1u << CapDacOverride) | (1u << CapDacReadSearch));
        Assert.Equal(0, CapSet(ref header, data));
    }

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int CapGet(ref CapHeader header, [In, Out] CapData[] data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int CapSet(ref CapHeader header, [In] CapData[] data);

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }
}
