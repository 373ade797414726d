using System.Text;

namespace PrintStash.Printers.Simulation.Moonraker;

/// <summary>Just enough multipart/form-data parsing for the simulator's upload endpoint.</summary>
internal static class Multipart
{
    internal sealed record Part(string Name, string? FileName, byte[] Content);

    public static List<Part> Parse(byte[] body, string boundary)
    {
        var parts = new List<Part>();
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var position = IndexOf(body, delimiter, 0);
        while (position >= 0)
        {
            var start = position + delimiter.Length;
            if (start + 2 <= body.Length && body[start] == '-' && body[start + 1] == '-')
            {
                break;
            }

            start += 2; // CRLF after the delimiter
            var headerEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), start);
            if (headerEnd < 0)
            {
                break;
            }

            var headers = Encoding.UTF8.GetString(body, start, headerEnd - start);
            var next = IndexOf(body, delimiter, headerEnd + 4);
            if (next < 0)
            {
                break;
            }

            var content = body.AsSpan(headerEnd + 4, Math.Max(0, next - 2 - (headerEnd + 4))).ToArray();
            var disposition = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Disposition", StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
            parts.Add(new Part(Attribute(disposition, "name") ?? string.Empty, Attribute(disposition, "filename"), content));
            position = next;
        }

        return parts;
    }

    private static string? Attribute(string header, string name)
    {
        foreach (var piece in header.Split(';').Select(p => p.Trim()))
        {
            if (piece.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase))
            {
                return piece[(name.Length + 1)..].Trim('"');
            }
        }

        return null;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from)
    {
        var index = haystack.AsSpan(Math.Min(from, haystack.Length)).IndexOf(needle);
        return index < 0 ? -1 : index + from;
    }
}
