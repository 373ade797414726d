using System.Globalization;
using System.Text.RegularExpressions;

namespace PrintStash.Ingestion.Formats.GCode;

/// <summary>
/// Body comments that carry structure rather than settings: layer markers (<c>;LAYER:</c>, <c>;LAYER_CHANGE</c>, <c>;Z:</c>,
/// Simplify3D <c>; layer 5, Z = 1.0</c>), Cura's <c>;TIME_ELAPSED:</c>, and object labels (<c>;MESH:</c>, <c>; printing object</c>).
/// </summary>
internal sealed partial class CommentMarkers(MotionTracker motion, ObjectNames objects)
{
    private bool layerChangesComplete = true;

    public double? MaxLayerZ { get; private set; }

    public int? LastCuraLayer { get; private set; }

    public int? LastSimplify3DLayer { get; private set; }

    public int LayerChanges { get; private set; }

    /// <summary>The number of <c>;LAYER_CHANGE</c> markers, or null when part of the file was not read.</summary>
    public int? CompleteLayerChangeCount => layerChangesComplete && LayerChanges > 0 ? LayerChanges : null;

    public double? LastTimeElapsedSeconds { get; private set; }

    public void SkipGap() => layerChangesComplete = false;

    /// <summary>Handles a marker comment (text after <c>;</c>); true when the comment is fully consumed.</summary>
    public bool TryHandle(string comment)
    {
        var text = comment.Trim();
        if (TryValue(text, "LAYER:", out var layerText))
        {
            if (int.TryParse(layerText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var layer))
            {
                LastCuraLayer = layer;
                motion.OnLayerMarker(isFirstLayer: layer == 0);
            }

            return true;
        }

        if (text.Equals("LAYER_CHANGE", StringComparison.OrdinalIgnoreCase) || text.Equals("CHANGE_LAYER", StringComparison.OrdinalIgnoreCase))
        {
            LayerChanges++;
            motion.OnLayerMarker(isFirstLayer: false);
            return true;
        }

        if (TryValue(text, "Z:", out var z) || TryValue(text, "Z_HEIGHT:", out z))
        {
            TrackLayerZ(z);
            return true;
        }

        if (TryValue(text, "TIME_ELAPSED:", out var elapsed))
        {
            if (NumberText.TryParseLeading(elapsed, out var seconds))
            {
                LastTimeElapsedSeconds = seconds;
            }

            return false; // also kept in the raw values: the last one is Cura's real total
        }

        if (TryValue(text, "MESH:", out var mesh))
        {
            if (!mesh.Equals("NONMESH", StringComparison.OrdinalIgnoreCase))
            {
                objects.Add(mesh);
            }

            return true;
        }

        return TryHandleObjectLabel(text) || TryHandleSimplify3DLayer(text);
    }

    private bool TryHandleObjectLabel(string text)
    {
        if (text.StartsWith("stop printing object", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!text.StartsWith("printing object ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var name = text["printing object ".Length..];
        objects.Add(InstanceSuffix().Replace(name, string.Empty));
        return true;
    }

    private bool TryHandleSimplify3DLayer(string text)
    {
        var match = Simplify3DLayer().Match(text);
        if (!match.Success)
        {
            return false;
        }

        LastSimplify3DLayer = int.Parse(match.Groups["n"].ValueSpan, CultureInfo.InvariantCulture);
        TrackLayerZ(match.Groups["z"].Value);
        return true;
    }

    private void TrackLayerZ(string text)
    {
        if (NumberText.TryParseLeading(text, out var z) && z > 0 && z < 100_000)
        {
            MaxLayerZ = Math.Max(MaxLayerZ ?? 0, z);
        }
    }

    private static bool TryValue(string text, string prefix, out string value)
    {
        var found = text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        value = found ? text[prefix.Length..].Trim() : string.Empty;
        return found;
    }

    // "; printing object gear.stl id:0 copy 0" → "gear.stl"
    [GeneratedRegex(@"\s+id:\d+\s+copy\s+\d+\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceSuffix();

    [GeneratedRegex(@"^layer (?<n>\d+), Z = (?<z>[-+]?[\d.]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Simplify3DLayer();
}
