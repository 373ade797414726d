using System.Text.RegularExpressions;
using PrintStash.Ingestion.Formats.Mesh;

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>Reads the parts of an opened package: model (with production-extension parts), names, thumbnails, configs, slice info.</summary>
internal sealed partial class PackageAnalyzer(SafeZipPackage package, ThreeMfLimits limits, MeshReadOptions options, List<string> problems, CancellationToken cancellationToken)
{
    private const string DefaultModelPart = "3D/3dmodel.model";
    private const string SliceInfoPart = "Metadata/slice_info.config";
    private static readonly string[] SlicerConfigParts = ["Metadata/Slic3r_PE.config", "Metadata/project_settings.config"];
    private static readonly string[] NameConfigParts = ["Metadata/Slic3r_PE_model.config", "Metadata/model_settings.config"];

    private readonly Dictionary<string, ModelPart?> _parts = new(StringComparer.OrdinalIgnoreCase);

    public PackageContents Analyze(string? fileName)
    {
        var kind = IsSliced(fileName) ? FileKind.GCode3mf : FileKind.ThreeMf;
        var relationships = RelationshipsReader.Read(package, string.Empty, limits, problems);
        var rootName = relationships.FirstOrDefault(r => r.Type == RelationshipTypes.Model)?.TargetPart
            ?? (package.Contains(DefaultModelPart) ? DefaultModelPart : null);

        ModelAssembly? model = null;
        var root = rootName is null ? null : LoadPart(rootName);
        if (rootName is null)
        {
            problems.Add("The package has no 3D model part.");
        }
        else if (root is not null)
        {
            model = new ModelAssembler(LoadPart, limits, options, problems).Assemble(root);
        }

        var thumbnails = PackageThumbnails.Read(
            package,
            relationships.Where(r => r.Type == RelationshipTypes.Thumbnail).Select(r => r.TargetPart),
            limits,
            problems);
        var sliceInfo = ReadXmlPart(SliceInfoPart, SliceInfoReader.Parse);
        var names = ObjectNames(model, root, sliceInfo);
        var plateGCode = package.EntryNames
            .Select(name => (Name: name, Match: PlateGCode().Match(name)))
            .Where(x => x.Match.Success)
            .OrderBy(x => x.Match.Groups["plate"].Value.Length)
            .ThenBy(x => x.Match.Groups["plate"].Value, StringComparer.Ordinal)
            .Select(x => x.Name)
            .FirstOrDefault();

        return new PackageContents(
            kind,
            model,
            root?.Metadata ?? [],
            names,
            thumbnails,
            ReadSlicerConfig(),
            sliceInfo,
            plateGCode);
    }

    private bool IsSliced(string? fileName) =>
        (fileName?.EndsWith(".gcode.3mf", StringComparison.OrdinalIgnoreCase) ?? false)
        || package.EntryNames.Any(name => PlateGCode().IsMatch(name));

    private ModelPart? LoadPart(string entryName)
    {
        if (_parts.TryGetValue(entryName, out var cached))
        {
            return cached;
        }

        _parts[entryName] = null; // also breaks cycles while parsing
        using var stream = package.OpenPart(entryName, limits.MaxModelPartBytes, problems);
        if (stream is null)
        {
            if (!package.Contains(entryName))
            {
                problems.Add($"Model part '{entryName}' is referenced but missing from the package.");
            }

            return null;
        }

        try
        {
            var part = ModelPartParser.Parse(stream, entryName, limits.MaxModelPartBytes, cancellationToken);
            if (part.MalformedElements > 0)
            {
                problems.Add($"Model part '{entryName}' has {part.MalformedElements} malformed element(s) (numbers, ids, transforms or paths); they were skipped.");
            }

            _parts[entryName] = part;
            return part;
        }
        catch (Exception ex) when (SafeZipPackage.IsContentError(ex))
        {
            problems.Add($"Model part '{entryName}' could not be read: {ex.Message}");
            return null;
        }
    }

    private List<string> ObjectNames(ModelAssembly? model, ModelPart? root, SliceInfo? sliceInfo)
    {
        var configNames = new Dictionary<int, string>();
        foreach (var part in NameConfigParts)
        {
            foreach (var (id, name) in ReadXmlPart(part, ObjectNamesConfigReader.Parse) ?? [])
            {
                configNames.TryAdd(id, name);
            }
        }

        var names = new List<string>();
        foreach (var placed in model?.PlacedObjects ?? [])
        {
            var isRootObject = root is not null && root.Objects.TryGetValue(placed.Id, out var rootObject) && ReferenceEquals(rootObject, placed);
            var name = placed.Name ?? (isRootObject && configNames.TryGetValue(placed.Id, out var configured) ? configured : null);
            if (name is not null && !names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        if (names.Count == 0 && sliceInfo is not null)
        {
            names.AddRange(sliceInfo.Plates.SelectMany(p => p.ObjectNames).Distinct(StringComparer.Ordinal));
        }

        return names;
    }

    private Dictionary<string, string> ReadSlicerConfig()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in SlicerConfigParts)
        {
            if (!package.Contains(part))
            {
                continue;
            }

            var data = package.ReadPart(part, limits.MaxAuxiliaryPartBytes, problems);
            if (data is null)
            {
                continue;
            }

            try
            {
                foreach (var (key, value) in SlicerConfigReader.Parse(data, limits.MaxRawValues))
                {
                    values.TryAdd(key, value);
                }
            }
            catch (Exception ex) when (SafeZipPackage.IsContentError(ex))
            {
                problems.Add($"Slicer configuration '{part}' could not be read: {ex.Message}");
            }
        }

        return values;
    }

    private T? ReadXmlPart<T>(string part, Func<Stream, long, T> parse)
        where T : class
    {
        if (!package.Contains(part))
        {
            return null;
        }

        using var stream = package.OpenPart(part, limits.MaxAuxiliaryPartBytes, problems);
        if (stream is null)
        {
            return null;
        }

        try
        {
            return parse(stream, limits.MaxAuxiliaryPartBytes);
        }
        catch (Exception ex) when (SafeZipPackage.IsContentError(ex))
        {
            problems.Add($"'{part}' could not be read: {ex.Message}");
            return null;
        }
    }

    [GeneratedRegex(@"^Metadata/plate_(?<plate>\d{1,9})\.gcode$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlateGCode();
}
