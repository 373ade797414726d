using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Tests.Moonraker;

/// <summary>The real Moonraker sessions under TestData (copied from ../shared/recordings/moonraker).</summary>
internal static class Recordings
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Moonraker", "TestData");

    /// <summary>Messages of a .jsonl transcript with the given direction ("send", "recv", "http").</summary>
    public static IReadOnlyList<JsonElement> Messages(string transcript, string direction) =>
        File.ReadLines(Path.Combine(Folder, transcript))
            .Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(entry => entry.GetProperty("dir").GetString() == direction)
            .Select(entry => entry.GetProperty("msg"))
            .ToList();

    /// <summary>The "result" of a recorded HTTP answer under http/.</summary>
    public static JsonNode HttpResult(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "http", file)))!["result"]!.DeepClone();

    /// <summary>Received notifications (no id) of a transcript, in order.</summary>
    public static IReadOnlyList<JsonElement> Notifications(string transcript) =>
        Messages(transcript, "recv").Where(m => m.TryGetProperty("method", out _)).ToList();

    /// <summary>The recorded answer to the request with this method.</summary>
    public static JsonElement AnswerTo(string transcript, string method)
    {
        var request = Messages(transcript, "send").First(m => m.GetProperty("method").GetString() == method);
        var id = request.GetProperty("id").GetInt64();
        return Messages(transcript, "recv").First(m => m.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt64() == id).GetProperty("result");
    }
}
