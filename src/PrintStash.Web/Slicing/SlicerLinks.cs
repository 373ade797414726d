using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace PrintStash.Web.Slicing;

/// <summary>What a signed slicer download link grants: one file, on behalf of one user, until a moment.</summary>
public sealed record SlicerLinkGrant(Guid FileId, Guid UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// Short-lived download links a desktop slicer can fetch without the browser's cookie. The token is encrypted and
/// authenticated by ASP.NET Data Protection (so it cannot be forged or widened to another file); the expiry inside it
/// is checked against the app's <see cref="TimeProvider"/>.
/// </summary>
public sealed class SlicerLinks(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public const string RoutePrefix = "/slicer-files";

    private readonly IDataProtector protector = dataProtection.CreateProtector("PrintStash.SlicerLinks.v1");

    /// <summary>Site-relative download path ending in the file's name (slicers take the name from the URL).</summary>
    public (string Path, DateTimeOffset ExpiresAt) Create(Guid fileId, string fileName, Guid userId)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var payload = string.Join('|', fileId.ToString("N"), userId.ToString("N"), expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var token = protector.Protect(payload);
        return ($"{RoutePrefix}/{token}/{Uri.EscapeDataString(fileName)}", expires);
    }

    /// <summary>The grant, or why the link no longer works.</summary>
    public (SlicerLinkGrant? Grant, string? Error) Read(string token)
    {
        string payload;
        try
        {
            payload = protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, "This download link is not valid.");
        }

        var parts = payload.Split('|');
        if (parts.Length != 3 || !Guid.TryParse(parts[0], out var fileId) || !Guid.TryParse(parts[1], out var userId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return (null, "This download link is not valid.");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return time.GetUtcNow() > expires
            ? (null, $"This download link expired at {expires:u}; open the file in the slicer again from PrintStash.")
            : (new SlicerLinkGrant(fileId, userId, expires), null);
    }
}
