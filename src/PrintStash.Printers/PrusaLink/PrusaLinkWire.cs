using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrintStash.Printers.PrusaLink;

// Wire shapes of the PrusaLink v1 API (Prusa-Link-Web spec/openapi.yaml). Everything is optional on the wire: the
// Buddy firmware and the Raspberry Pi implementation each leave out different fields.

internal sealed record PrusaLinkVersion(
    string? Api,
    string? Server,
    string? Version,
    string? Printer,
    string? Original,
    string? Text,
    string? Firmware,
    string? Sdk,
    string? Hostname,
    PrusaLinkCapabilities? Capabilities);

internal sealed record PrusaLinkCapabilities([property: JsonPropertyName("upload-by-put")] bool? UploadByPut);

internal sealed record PrusaLinkInfo(string? Name, string? Location, string? Serial, string? Hostname, double? NozzleDiameter);

internal sealed record PrusaLinkStatusResponse(
    PrusaLinkStatusJob? Job,
    PrusaLinkPrinterStatus? Printer,
    PrusaLinkTransfer? Transfer,
    /// <summary>An object on Buddy firmware, an array on the Raspberry Pi implementation.</summary>
    JsonElement? Storage);

internal sealed record PrusaLinkStatusJob(long Id, double? Progress, double? TimeRemaining, double? TimePrinting);

internal sealed record PrusaLinkPrinterStatus(
    string? State,
    double? TempNozzle,
    double? TargetNozzle,
    double? TempBed,
    double? TargetBed,
    double? AxisZ,
    double? Flow,
    double? Speed,
    double? FanHotend,
    double? FanPrint,
    PrusaLinkHealth? StatusPrinter,
    PrusaLinkHealth? StatusConnect);

internal sealed record PrusaLinkHealth(bool? Ok, string? Message);

internal sealed record PrusaLinkTransfer(long? Id, double? Progress, long? DataTransferred, double? TimeTransferring);

internal sealed record PrusaLinkJob(
    long Id,
    string? State,
    double? Progress,
    double? TimeRemaining,
    double? TimePrinting,
    bool? InaccurateEstimates,
    bool? SerialPrint,
    PrusaLinkFile? File);

internal sealed record PrusaLinkFile(
    string? Name,
    string? DisplayName,
    string? Path,
    string? DisplayPath,
    long? Size,
    long? MTimestamp,
    PrusaLinkFileRefs? Refs,
    JsonElement? Meta);

internal sealed record PrusaLinkFileRefs(string? Icon, string? Thumbnail, string? Download);

internal sealed record PrusaLinkStorageList(IReadOnlyList<PrusaLinkStorage>? StorageList);

internal sealed record PrusaLinkStorage(string? Name, string? Type, string? Path, bool? Available, bool? ReadOnly, bool? Ro);

internal sealed record PrusaLinkError(JsonElement? Code, string? Title, string? Text, string? Url);

internal static class PrusaLinkJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        MaxDepth = 32,
    };

    /// <summary>Parses a payload; malformed JSON becomes a <see cref="PrusaLinkException"/> that names the endpoint.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> payload, string endpoint)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, Options)
                ?? throw new PrusaLinkException($"The printer sent an empty answer on {endpoint}.", PrusaLinkFailure.Malformed);
        }
        catch (JsonException e)
        {
            throw new PrusaLinkException($"The printer sent malformed JSON on {endpoint} ({e.Message}).", PrusaLinkFailure.Malformed, e);
        }
    }
}
