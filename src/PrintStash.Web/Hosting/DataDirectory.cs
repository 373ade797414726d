using Microsoft.Extensions.Options;
using PrintStash.Domain.Settings;

namespace PrintStash.Web.Hosting;

/// <summary>The data directory and the well-known folders inside it.</summary>
public sealed class DataDirectory(IOptions<PrintStashOptions> options)
{
    public string Root => options.Value.DataDirFullPath;

    public string KeysPath => Path.Combine(Root, "keys");

    public void EnsureExists()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(KeysPath);
    }
}
