using Microsoft.AspNetCore.DataProtection;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Web.Printers;

/// <summary>
/// Printer API keys, access codes and passwords encrypted with ASP.NET Data Protection, whose keys live in the data
/// directory (see DataProtectionKeysSetup): a copied database alone does not reveal them.
/// </summary>
internal sealed class DataProtectionPrinterSecretProtector(IDataProtectionProvider provider) : IPrinterSecretProtector
{
    /// <summary>The purpose isolates these ciphertexts from cookies and every other protected payload.</summary>
    public const string Purpose = "PrintStash.Printers.Secret.v1";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret)
    {
        try
        {
            return protector.Unprotect(protectedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidOperationException("The stored printer secret cannot be decrypted (the data protection keys changed): enter the key again.", ex);
        }
    }
}
