namespace PrintStash.Printers.Abstractions;

/// <summary>Encrypts printer secrets at rest (implemented in Web with ASP.NET Data Protection).</summary>
public interface IPrinterSecretProtector
{
    string Protect(string secret);

    /// <summary>Throws when the value cannot be decrypted (keys lost); callers show "re-enter the key".</summary>
    string Unprotect(string protectedSecret);
}
