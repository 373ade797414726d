using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Bench.Support.Dashboard;

/// <summary>Where the benchmark watches layer numbers besides the browser: the floor and the hub.</summary>
internal static class LayerReaders
{
    /// <summary>print_stats.info.current_layer of a notify_status_update diff, if the diff carries one.</summary>
    public static int? Layer(JsonNode? diff) =>
        diff?["print_stats"]?["info"]?["current_layer"] is JsonValue value && value.TryGetValue<int>(out var layer) ? layer : null;

    /// <summary>
    /// The floor: a bare ClientWebSocket subscribed to print_stats, noting when each layer change arrives (nothing parsed
    /// but the one field, no hub, no rendering).
    /// </summary>
    public static async Task BareWebSocketAsync(string simulatorAddress, string slug, LatencyLedger ledger, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(simulatorAddress.Replace("http://", "ws://", StringComparison.Ordinal) + "/websocket"), cancellationToken);
        foreach (var request in new[]
        {
            """{"jsonrpc":"2.0","method":"server.connection.identify","id":1,"params":{"client_name":"bench-floor","version":"1","type":"other","url":"x"}}""",
            """{"jsonrpc":"2.0","method":"printer.objects.subscribe","id":2,"params":{"objects":{"print_stats":null}}}""",
        })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, cancellationToken);
        }

        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var at = LatencyLedger.NowUnixMs();
                var node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length));
                message.SetLength(0);
                if (node?["method"]?.GetValue<string>() == "notify_status_update" && Layer(node["params"]?[0]) is { } layer)
                {
                    ledger.Seen(DashboardPaths.WebSocket, slug, layer, at);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or JsonException)
        {
        }
    }

    /// <summary>A PrinterHub subscriber, as a dashboard circuit is: notes when a batch brings a printer's new layer.</summary>
    public static async Task HubAsync(IPrinterHub hub, LatencyLedger ledger, CancellationToken cancellationToken)
    {
        var subscription = hub.Subscribe(cancellationToken);
        var layers = subscription.Current.ToDictionary(s => s.PrinterId, s => s.Status.CurrentLayer);
        await foreach (var batch in subscription.Changes)
        {
            var at = LatencyLedger.NowUnixMs();
            foreach (var snapshot in batch.Changed)
            {
                if (snapshot.Status.CurrentLayer is { } layer && layers.GetValueOrDefault(snapshot.PrinterId) != layer)
                {
                    layers[snapshot.PrinterId] = layer;
                    ledger.Seen(DashboardPaths.Hub, snapshot.Slug, layer, at);
                }
            }
        }
    }
}

internal static class DashboardPaths
{
    public const string WebSocket = "ws";
    public const string Hub = "hub";
    public const string Dom = "dom";
}
