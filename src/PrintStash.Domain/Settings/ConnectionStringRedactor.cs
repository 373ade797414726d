using System.Text.RegularExpressions;

namespace PrintStash.Domain.Settings;

public static partial class ConnectionStringRedactor
{
    public static string Redact(string connectionString) => Password().Replace(connectionString, "$1=********");

    [GeneratedRegex(@"(?i)\b(password|pwd)\s*=\s*[^;]*")]
    private static partial Regex Password();
}
