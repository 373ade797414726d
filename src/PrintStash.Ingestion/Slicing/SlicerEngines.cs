using Microsoft.Extensions.Options;
using PrintStash.Domain.Entities;

namespace PrintStash.Ingestion.Slicing;

public enum SlicerEngineKind
{
    PrusaSlicer,
    OrcaSlicer,
}

/// <summary>A slicer program this server can run.</summary>
public sealed record SlicerEngine(SlicerEngineKind Kind, string Path)
{
    /// <summary>The profile format the engine loads.</summary>
    public SlicerProfileFormat Format => Kind == SlicerEngineKind.OrcaSlicer ? SlicerProfileFormat.OrcaJson : SlicerProfileFormat.PrusaIni;
}

/// <summary>Finds the slicer programs that are installed and configured, and says in words how to get one when none is.</summary>
public sealed class SlicerEngines(IOptionsMonitor<SlicingOptions> options)
{
    public const string HowToEnable =
        "Server-side slicing needs a slicer program on the server: install PrusaSlicer (Debian/Ubuntu: apt-get install prusa-slicer; " +
        "the Docker image includes it) or set PrintStash:Slicing:PrusaSlicerPath / PrintStash:Slicing:OrcaSlicerPath to the slicer's command-line program, then restart.";

    public IReadOnlyList<SlicerEngine> Available()
    {
        var o = options.CurrentValue;
        var engines = new List<SlicerEngine>();
        if (Resolve(o.PrusaSlicerPath ?? "prusa-slicer") is { } prusa)
        {
            engines.Add(new SlicerEngine(SlicerEngineKind.PrusaSlicer, prusa));
        }

        if (!string.IsNullOrWhiteSpace(o.OrcaSlicerPath) && Resolve(o.OrcaSlicerPath) is { } orca)
        {
            engines.Add(new SlicerEngine(SlicerEngineKind.OrcaSlicer, orca));
        }

        return engines;
    }

    public SlicerEngine? For(SlicerProfileFormat format) => Available().FirstOrDefault(e => e.Format == format);

    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Clamp(options.CurrentValue.TimeoutSeconds, 1, 24 * 3600));

    private static string? Resolve(string program)
    {
        if (program.Contains(System.IO.Path.DirectorySeparatorChar) || program.Contains('/'))
        {
            return File.Exists(program) ? System.IO.Path.GetFullPath(program) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
    }
}
