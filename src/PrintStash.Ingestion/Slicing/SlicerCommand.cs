using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Pipeline;

namespace PrintStash.Ingestion.Slicing;

/// <summary>The command line for each slicer CLI, and the name the sliced file gets.</summary>
public static class SlicerCommand
{
    public static IReadOnlyList<string> Build(SlicerEngine engine, string meshPath, IReadOnlyList<SlicerProfile> profiles, IReadOnlyList<string> profilePaths, string outputDirectory)
    {
        var output = Path.Combine(outputDirectory, "sliced.gcode");
        if (engine.Kind == SlicerEngineKind.PrusaSlicer)
        {
            // Later --load wins: printer, then filament, then process/complete.
            var arguments = new List<string> { "--export-gcode" };
            foreach (var path in profilePaths)
            {
                arguments.Add("--load");
                arguments.Add(path);
            }

            arguments.AddRange(["--output", output, meshPath]);
            return arguments;
        }

        // OrcaSlicer CLI: machine and process settings together, filaments separately; writes plate_1.gcode into --outputdir.
        var settings = profiles.Select((p, i) => (p, i)).Where(x => x.p.Kind != SlicerProfileKind.Filament).Select(x => profilePaths[x.i]);
        var filaments = profiles.Select((p, i) => (p, i)).Where(x => x.p.Kind == SlicerProfileKind.Filament).Select(x => profilePaths[x.i]);
        return ["--slice", "0", "--load-settings", string.Join(';', settings), "--load-filaments", string.Join(';', filaments), "--outputdir", outputDirectory, meshPath];
    }

    /// <summary>"bracket.stl" sliced with "0.20mm GENERIC" → "bracket_0.20mm GENERIC.gcode" (joins the mesh's revision by name).</summary>
    public static string OutputName(string meshName, IReadOnlyList<SlicerProfile> profiles)
    {
        var stem = DisplayNames.WithoutExtensions(meshName);
        var process = profiles.LastOrDefault(p => p.Kind is SlicerProfileKind.Process or SlicerProfileKind.Complete)?.Name;
        var filament = profiles.FirstOrDefault(p => p.Kind == SlicerProfileKind.Filament)?.Name;
        var suffix = string.Join('_', new[] { process, filament }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var name = suffix.Length == 0 ? stem : $"{stem}_{suffix}";
        return (DisplayNames.Normalize(name + ".gcode") ?? "sliced.gcode");
    }
}
