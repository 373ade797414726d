using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PrintStash.Web.Auth;

/// <summary>API keys look like <c>ps_&lt;8-char prefix&gt;_&lt;32-char secret&gt;</c>; only the SHA-256 of the whole key is stored.</summary>
public static partial class ApiKeyFormat
{
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public const string MalformedMessage = "Malformed API key: expected ps_<prefix>_<secret> as shown when the key was created.";

    public static (string Key, string Prefix) Generate()
    {
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, 8);
        var secret = RandomNumberGenerator.GetString(SecretAlphabet, 32);
        return ($"ps_{prefix}_{secret}", prefix);
    }

    public static bool TryParse(string? key, out string prefix)
    {
        var match = key is null ? Match.Empty : Pattern().Match(key);
        prefix = match.Success ? match.Groups[1].Value : string.Empty;
        return match.Success;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));

    [GeneratedRegex("^ps_([a-z0-9]{8})_[A-Za-z0-9]{32}$")]
    private static partial Regex Pattern();
}
