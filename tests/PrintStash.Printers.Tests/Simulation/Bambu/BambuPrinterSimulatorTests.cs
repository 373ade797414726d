using System.Text;
using System.Text.Json.Nodes;
using PrintStash.Printers.Mqtt;
using PrintStash.Printers.Simulation.Bambu;
using PrintStash.Printers.Tests.TestSupport;
using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Tests.Simulation.Bambu;

/// <summary>The simulator seen from the wire: what a raw MQTT client receives, in the shapes of protocols.md §2.5.</summary>
public sealed class BambuPrinterSimulatorTests
{
    private const string Serial = MosquittoBroker.CertificateCommonName;

    [Fact]
    public async Task Pushall_returns_a_full_report_and_incremental_printers_then_send_only_changes()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var simulator = await StartSimulatorAsync(broker, BambuSimulatorReporting.Incremental);
        await using var client = await ConnectAsync(broker);
        await client.SubscribeAsync($"device/{Serial}/report", MqttQualityOfService.AtMostOnce, CancellationToken.None);

        await RequestAsync(client, """{"pushing":{"sequence_id":"1","command":"pushall","version":1,"push_target":1}}""");
        var full = await NextPrintAsync(client, p => p.ContainsKey("gcode_state"));
        await RequestAsync(client, """{"print":{"sequence_id":"2","command":"project_file","param":"Metadata/plate_1.gcode","url":"file:///sdcard/cube.gcode.3mf"}}""");
        var ack = await NextPrintAsync(client, p => p["command"]?.ToString() == "project_file");
        var change = await NextPrintAsync(client, p => p["command"]?.ToString() == "push_status" && p.ContainsKey("gcode_state"));

        Assert.Equal("IDLE", full["gcode_state"]!.ToString());
        Assert.True(full.ContainsKey("ams") && full.ContainsKey("nozzle_temper") && full.ContainsKey("fun"));
        Assert.Equal(("success", "2"), (ack["result"]!.ToString(), ack["sequence_id"]!.ToString()));
        Assert.Equal("PREPARE", change["gcode_state"]!.ToString());
        Assert.False(change.ContainsKey("wifi_signal"), "an incremental report repeats an unchanged field");
    }

    [Fact]
    public async Task Full_reporting_printers_repeat_every_field_and_commands_in_the_wrong_state_fail_with_a_reason()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var simulator = await StartSimulatorAsync(broker, BambuSimulatorReporting.Full);
        await using var client = await ConnectAsync(broker);
        await client.SubscribeAsync($"device/{Serial}/report", MqttQualityOfService.AtMostOnce, CancellationToken.None);

        var periodic = await NextPrintAsync(client, p => p["command"]?.ToString() == "push_status");
        await RequestAsync(client, """{"print":{"sequence_id":"7","command":"resume","param":""}}""");
        var ack = await NextPrintAsync(client, p => p["command"]?.ToString() == "resume");

        Assert.True(periodic.ContainsKey("wifi_signal") && periodic.ContainsKey("gcode_state"));
        Assert.Equal(("fail", "not paused"), (ack["result"]!.ToString(), ack["reason"]!.ToString()));
        Assert.Equal("IDLE", simulator.GcodeState);
    }

    [Fact]
    public async Task A_demo_printer_prints_its_file_again_after_it_finished()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var simulator = await StartSimulatorAsync(broker, BambuSimulatorReporting.Full, demo: true);
        await using var client = await ConnectAsync(broker);
        await client.SubscribeAsync($"device/{Serial}/report", MqttQualityOfService.AtMostOnce, CancellationToken.None);

        Assert.True(simulator.StartPrint("cube.gcode.3mf"));
        Assert.False(simulator.StartPrint("other.gcode.3mf"), "a busy printer starts a second print");
        var finished = await NextPrintAsync(client, p => p["gcode_state"]?.ToString() == "FINISH");
        var again = await NextPrintAsync(client, p => p["gcode_state"]?.ToString() is "PREPARE" or "RUNNING");

        Assert.Equal("cube.gcode.3mf", finished["gcode_file"]!.ToString());
        Assert.Equal(("cube.gcode.3mf", "cube"), (again["gcode_file"]!.ToString(), again["subtask_name"]!.ToString()));
        Assert.True(again["mc_percent"]!.GetValue<int>() < 100);
    }

    private static Task<BambuPrinterSimulator> StartSimulatorAsync(MosquittoBroker broker, BambuSimulatorReporting reporting, bool demo = false)
    {
        var options = new BambuSimulatorOptions
        {
            Serial = Serial,
            BrokerHost = broker.Host,
            BrokerPort = broker.Port,
            BrokerUserName = MosquittoBroker.Username,
            BrokerPassword = MosquittoBroker.Password,
            BrokerTls = ServerCertificateTrust.Pinned(broker.Certificate!.Sha256),
            BrokerTlsServerName = Serial,
            Reporting = reporting,
            ReportInterval = TimeSpan.FromMilliseconds(100),
        };
        if (demo)
        {
            options = options with
            {
                PrepareDuration = TimeSpan.FromMilliseconds(200),
                PrintDuration = TimeSpan.FromMilliseconds(600),
                RestartAfter = TimeSpan.FromMilliseconds(500),
            };
        }

        return BambuPrinterSimulator.StartAsync(options, TimeProvider.System, CancellationToken.None);
    }

    private static Task<MqttConnection> ConnectAsync(MosquittoBroker broker) => MqttConnection.ConnectAsync(new MqttClientOptions
    {
        Host = broker.Host,
        Port = broker.Port,
        ClientId = "raw-" + Guid.NewGuid().ToString("N")[..8],
        Username = MosquittoBroker.Username,
        Password = MosquittoBroker.Password,
        Tls = ServerCertificateTrust.TrustOnFirstUse,
    }, TimeProvider.System, CancellationToken.None);

    private static Task RequestAsync(MqttConnection client, string json) =>
        client.PublishAsync($"device/{Serial}/request", Encoding.UTF8.GetBytes(json), MqttQualityOfService.AtLeastOnce, false, CancellationToken.None);

    private static async Task<JsonObject> NextPrintAsync(MqttConnection client, Func<JsonObject, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var message = await client.Messages.ReadAsync(timeout.Token);
            if (JsonNode.Parse(message.Payload.Span)?["print"] is JsonObject print && match(print))
            {
                return print;
            }
        }
    }
}
