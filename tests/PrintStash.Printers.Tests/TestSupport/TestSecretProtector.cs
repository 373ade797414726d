using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Tests.TestSupport;

/// <summary>A reversible stand-in for Data Protection; <see cref="Broken"/> simulates lost keys.</summary>
internal sealed class TestSecretProtector : IPrinterSecretProtector
{
    public const string Prefix = "protected:";

    public bool Broken { get; set; }

    public string Protect(string secret) => Prefix + new string(secret.Reverse().ToArray());

    public string Unprotect(string protectedSecret) =>
        Broken || !protectedSecret.StartsWith(Prefix, StringComparison.Ordinal)
            ? throw new InvalidOperationException("The key ring does not hold the key of this payload.")
            : new string(protectedSecret[Prefix.Length..].Reverse().ToArray());
}
