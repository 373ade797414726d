using System.Security.Cryptography;

namespace PrintStash.Web.Demo;

/// <summary>
/// A mosquitto 2 password file line, as <c>mosquitto_passwd</c> writes it: <c>user:$7$iterations$salt$hash</c>
/// (PBKDF2-HMAC-SHA512, 12-byte salt, 64-byte hash, both base64). Written here so the demo needs no helper process.
/// </summary>
internal static class MosquittoPasswordFile
{
    public const int Iterations = 101;
    private const int SaltBytes = 12;
    private const int HashBytes = 64;

    public static string Line(string userName, string password)
    {
        if (userName.Contains(':', StringComparison.Ordinal) || userName.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException("A mosquitto user name cannot contain ':' or line breaks.", nameof(userName));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"{userName}:$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }
}
