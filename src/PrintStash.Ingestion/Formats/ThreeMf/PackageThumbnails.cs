using System.Globalization;
using System.Text.RegularExpressions;
using PrintStash.Ingestion.Imaging;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>
/// Preview images of a package: the OPC thumbnail relationship target (or <c>Metadata/thumbnail.png</c>), then Bambu/Orca
/// plate images <c>Metadata/plate_N.png</c> and <c>Metadata/plate_N_small.png</c> in plate order. PNG and JPEG are kept as they are.
/// </summary>
internal static partial class PackageThumbnails
{
    private const string DefaultThumbnail = "Metadata/thumbnail.png";

    public static List<ExtractedThumbnail> Read(SafeZipPackage package, IEnumerable<string> relationshipTargets, ThreeMfLimits limits, List<string> problems)
    {
        var candidates = new List<string>();
        candidates.AddRange(relationshipTargets);
        candidates.Add(DefaultThumbnail);
        candidates.AddRange(package.EntryNames
            .Select(name => (Name: name, Match: PlateImage().Match(name)))
            .Where(x => x.Match.Success)
            .OrderBy(x => long.TryParse(x.Match.Groups["plate"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ThenBy(x => x.Match.Groups["small"].Success)
            .Select(x => x.Name));

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var thumbnails = new List<ExtractedThumbnail>();
        foreach (var name in candidates)
        {
            if (thumbnails.Count >= limits.MaxThumbnails)
            {
                problems.Add($"More than {limits.MaxThumbnails} thumbnails; the rest were ignored.");
                break;
            }

            if (!seen.Add(name) || !package.Contains(name))
            {
                continue;
            }

            var data = package.ReadPart(name, limits.MaxAuxiliaryPartBytes, problems);
            if (data is null)
            {
                continue;
            }

            if (PngInfo.TryReadSize(data, out var width, out var height))
            {
                thumbnails.Add(new ExtractedThumbnail(width, height, "image/png", data));
            }
            else if (JpegInfo.TryReadSize(data, out width, out height))
            {
                thumbnails.Add(new ExtractedThumbnail(width, height, "image/jpeg", data));
            }
            else
            {
                problems.Add($"Thumbnail '{name}' is not a readable PNG or JPEG image; it was ignored.");
            }
        }

        return thumbnails;
    }

    [GeneratedRegex(@"^Metadata/plate_(?<plate>\d{1,9})(?<small>_small)?\.png$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlateImage();
}
