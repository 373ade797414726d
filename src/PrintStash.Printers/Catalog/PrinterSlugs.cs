using System.Globalization;
using System.Text;

namespace PrintStash.Printers.Catalog;

/// <summary>URL-safe names for printers: lower-case ASCII letters, digits and single dashes.</summary>
internal static class PrinterSlugs
{
    public const int MaxLength = 64;

    public static string FromName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        slug = slug.Length > MaxLength - 4 ? slug[..(MaxLength - 4)].TrimEnd('-') : slug;
        return slug.Length == 0 ? "printer" : slug;
    }

    /// <summary>The base slug, or base-2, base-3… when taken.</summary>
    public static string Unique(string baseSlug, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(baseSlug))
        {
            return baseSlug;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{baseSlug}-{n}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
