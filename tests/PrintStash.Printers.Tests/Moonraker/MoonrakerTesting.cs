using System.Text.Json.Nodes;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Moonraker;

namespace PrintStash.Printers.Tests.Moonraker;

internal static class MoonrakerTesting
{
    public const string ApiKey = "0123456789abcdef0123456789abcdef";

    public static MoonrakerOptions FastOptions() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RequestTimeout = TimeSpan.FromSeconds(5),
        HeartbeatInterval = TimeSpan.FromSeconds(5),
        KlippyPollInterval = TimeSpan.FromMilliseconds(200),
        MetadataRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    public static PrinterDefinition Printer(string address, string? secret = null, string? trustedSha256 = null) =>
        new(Guid.NewGuid(), "Test printer", PrinterKind.Moonraker, address, secret, TrustedCertificateSha256: trustedSha256);

    public static MoonrakerDriver Driver(MoonrakerOptions? options = null, TimeProvider? time = null) =>
        new(time ?? TimeProvider.System, options ?? FastOptions());

    /// <summary>Answers a scripted server gives like the recorded Moonraker (subscribe result from <paramref name="transcript"/>).</summary>
    public static void AnswerLikeRecording(ScriptedMoonrakerServer server, JsonNode subscribeResult)
    {
        server.Answers["server.connection.identify"] = _ => JsonNode.Parse("""{"connection_id":140426462020240}""");
        server.Answers["server.info"] = _ => Recordings.HttpResult("server_info.json");
        server.Answers["printer.objects.list"] = _ => Recordings.HttpResult("objects_list.json");
        server.Answers["printer.objects.subscribe"] = _ => subscribeResult.DeepClone();
        server.Answers["printer.info"] = _ => Recordings.HttpResult("printer_info.json");
        server.Answers["server.history.list"] = _ => JsonNode.Parse("""{"count":0,"jobs":[]}""");
        server.Answers["server.files.metadata"] = _ => Recordings.HttpResult("metadata_peer_test_print.json");
    }

    public static JsonNode StandbySubscribeResult() =>
        JsonNode.Parse(Recordings.AnswerTo("print_complete.jsonl", "printer.objects.subscribe").GetRawText())!;
}
