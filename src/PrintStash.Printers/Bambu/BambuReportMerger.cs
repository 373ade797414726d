using System.Text.Json.Nodes;

namespace PrintStash.Printers.Bambu;

/// <summary>
/// Folds a report into the printer's state. P1/A1 printers send only what changed, X1 sends (almost) everything: objects
/// merge recursively by key, arrays are replaced, except arrays whose elements all carry an "id" (AMS units and trays),
/// which merge element by element so an update naming one tray leaves the others alone.
/// </summary>
internal static class BambuReportMerger
{
    public static void Merge(JsonObject state, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is JsonObject patchObject && state[key] is JsonObject stateObject)
            {
                Merge(stateObject, patchObject);
            }
            else if (value is JsonArray patchArray && state[key] is JsonArray stateArray && IsKeyedById(patchArray) && IsKeyedById(stateArray))
            {
                MergeById(stateArray, patchArray);
            }
            else
            {
                state[key] = value?.DeepClone();
            }
        }
    }

    private static void MergeById(JsonArray state, JsonArray patch)
    {
        foreach (var element in patch)
        {
            var patchElement = (JsonObject)element!;
            var id = IdOf(patchElement);
            var existing = state.OfType<JsonObject>().FirstOrDefault(e => IdOf(e) == id);
            if (existing is null)
            {
                state.Add(patchElement.DeepClone());
            }
            else
            {
                Merge(existing, patchElement);
            }
        }
    }

    private static bool IsKeyedById(JsonArray array) =>
        array.Count > 0 && array.All(e => e is JsonObject o && o["id"] is JsonValue);

    private static string? IdOf(JsonObject element) => element["id"]?.ToString();
}
