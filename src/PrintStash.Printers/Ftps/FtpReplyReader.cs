using System.Globalization;
using System.Text;

namespace PrintStash.Printers.Ftps;

/// <summary>Reads FTP replies (RFC 959 single and multi-line) with bounded line length and line count.</summary>
internal sealed class FtpReplyReader(Stream stream)
{
    private const int MaxLineLength = 8 * 1024;
    private const int MaxLines = 200;
    private readonly byte[] buffer = new byte[4096];
    private int start;
    private int end;

    public async Task<FtpReply> ReadAsync(CancellationToken cancellationToken)
    {
        var first = await ReadLineAsync(cancellationToken);
        if (first.Length < 3 || !int.TryParse(first.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 100)
        {
            throw new FtpsException(FtpsFailure.Protocol, $"The server sent something that is not an FTP reply: '{Truncate(first)}'.");
        }

        if (first.Length == 3 || first[3] != '-')
        {
            return new FtpReply(code, first.Length > 4 ? first[4..] : "");
        }

        var text = new StringBuilder(first[4..]);
        var terminator = first[..3] + " ";
        for (var lines = 1; ; lines++)
        {
            if (lines > MaxLines)
            {
                throw new FtpsException(FtpsFailure.Protocol, $"The server's {code} reply runs over {MaxLines} lines.");
            }

            var line = await ReadLineAsync(cancellationToken);
            if (line.StartsWith(terminator, StringComparison.Ordinal) || line == first[..3])
            {
                text.Append('\n').Append(line.Length > 4 ? line[4..] : "");
                return new FtpReply(code, text.ToString());
            }

            text.Append('\n').Append(line);
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (start == end)
            {
                start = 0;
                end = await stream.ReadAsync(buffer, cancellationToken);
                if (end == 0)
                {
                    throw new FtpsException(FtpsFailure.ConnectionLost, "The FTPS server closed the control connection.");
                }
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            var stop = newline < 0 ? end : newline;
            line.AddRange(buffer.AsSpan(start, stop - start));
            if (line.Count > MaxLineLength)
            {
                throw new FtpsException(FtpsFailure.Protocol, $"The server sent a reply line longer than {MaxLineLength} bytes.");
            }

            start = newline < 0 ? end : newline + 1;
            if (newline >= 0)
            {
                return Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
            }
        }
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
