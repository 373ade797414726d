using System.Text;

namespace PrintStash.Ingestion.Formats.BGCode;

/// <summary>The INI encoding of binary G-code metadata blocks: <c>key=value</c> lines separated by <c>\n</c>.</summary>
internal static class IniMetadata
{
    public const int MaxEntries = 8192;

    public static IEnumerable<KeyValuePair<string, string>> Parse(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var count = 0;
        foreach (var line in text.Split('\n'))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var key = line[..at].Trim();
            if (key.Length == 0 || ++count > MaxEntries)
            {
                continue;
            }

            yield return new(key, line[(at + 1)..].TrimEnd('\r').Trim());
        }
    }
}
