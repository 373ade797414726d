using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Facts taken from commands rather than comments: the first heater targets (<c>M109</c>/<c>M104</c>, <c>M190</c>/<c>M140</c>),
/// start-macro parameters (<c>PRINT_START BED=60 EXTRUDER=210</c>), <c>SET_PRINT_STATS_INFO TOTAL_LAYER=</c>, the first
/// <c>M73 R</c> (minutes remaining at start), and object names from <c>EXCLUDE_OBJECT_DEFINE</c> and <c>M486 A</c>.
/// </summary>
internal sealed partial class CommandFacts(ObjectNames labels)
{
    private static readonly string[] StartMacros = ["PRINT_START", "START_PRINT", "PRINTSTART", "STARTPRINT"];

    public ObjectNames ExcludeObjectNames { get; } = new();

    public double? FirstWaitNozzle { get; private set; }

    public double? FirstSetNozzle { get; private set; }

    public double? FirstWaitBed { get; private set; }

    public double? FirstSetBed { get; private set; }

    public double? MacroNozzle { get; private set; }

    public double? MacroBed { get; private set; }

    public int? MacroTotalLayers { get; private set; }

    public double? FirstRemainingMinutes { get; private set; }

    public void Handle(ReadOnlySpan<byte> word, ReadOnlySpan<byte> command)
    {
        if (word.Length < 2)
        {
            return;
        }

        if (IsMCode(word))
        {
            HandleMCode(word, command);
            return;
        }

        if ((word[0] | 0x20) == 'g')
        {
            return; // moves are the MotionTracker's business
        }

        var name = Encoding.ASCII.GetString(word);
        if (name.Equals("EXCLUDE_OBJECT_DEFINE", StringComparison.OrdinalIgnoreCase))
        {
            ExcludeObjectNames.Add(MacroParameter(command, "NAME"));
        }
        else if (name.Equals("SET_PRINT_STATS_INFO", StringComparison.OrdinalIgnoreCase))
        {
            if (int.TryParse(MacroParameter(command, "TOTAL_LAYER"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var total) && total > 0)
            {
                MacroTotalLayers ??= total;
            }
        }
        else if (StartMacros.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            MacroNozzle ??= Positive(MacroParameter(command, "EXTRUDER") ?? MacroParameter(command, "EXTRUDER_TEMP") ?? MacroParameter(command, "HOTEND"));
            MacroBed ??= Positive(MacroParameter(command, "BED") ?? MacroParameter(command, "BED_TEMP"));
        }
    }

    private void HandleMCode(ReadOnlySpan<byte> word, ReadOnlySpan<byte> command)
    {
        if (GCodeWords.IsCommand(word, "M486"u8))
        {
            var at = command.IndexOf(" A"u8);
            if (at >= 0)
            {
                labels.Add(Encoding.UTF8.GetString(command[(at + 2)..]));
            }

            return;
        }

        var hasS = GCodeWords.TryGetParameter(command, (byte)'S', out var s) && s > 0;
        if (GCodeWords.IsCommand(word, "M109"u8))
        {
            FirstWaitNozzle ??= hasS ? s : null;
        }
        else if (GCodeWords.IsCommand(word, "M104"u8))
        {
            FirstSetNozzle ??= hasS ? s : null;
        }
        else if (GCodeWords.IsCommand(word, "M190"u8))
        {
            FirstWaitBed ??= hasS ? s : null;
        }
        else if (GCodeWords.IsCommand(word, "M140"u8))
        {
            FirstSetBed ??= hasS ? s : null;
        }
        else if (GCodeWords.IsCommand(word, "M73"u8) && FirstRemainingMinutes is null && GCodeWords.TryGetParameter(command, (byte)'R', out var minutes) && minutes >= 0)
        {
            FirstRemainingMinutes = minutes;
        }
    }

    private static bool IsMCode(ReadOnlySpan<byte> word) => (word[0] | 0x20) == 'm' && word[1] is >= (byte)'0' and <= (byte)'9';

    private static double? Positive(string? text) => NumberText.TryParseLeading(text, out var value) && value > 0 ? value : null;

    /// <summary>The value of <c>KEY=value</c>, <c>KEY='a b'</c> or <c>KEY="a b"</c> in a Klipper macro call.</summary>
    private static string? MacroParameter(ReadOnlySpan<byte> command, string key)
    {
        var text = Encoding.UTF8.GetString(command);
        foreach (Match match in MacroParameterPattern().Matches(text))
        {
            if (match.Groups["k"].Value.Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                var value = match.Groups["q"].Success ? match.Groups["q"].Value : match.Groups["v"].Value;
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?<=\s)(?<k>[A-Za-z_][A-Za-z0-9_]*)=(?:'(?<q>[^']*)'|""(?<q>[^""]*)""|(?<v>\S*))", RegexOptions.CultureInvariant)]
    private static partial Regex MacroParameterPattern();
}
