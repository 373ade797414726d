using System.Diagnostics;
using PrintStash.Bench.Support;
using PrintStash.Printers.Ftps;
using PrintStash.Printers.Mqtt;
using PrintStash.Printers.Tests.TestSupport;
using PrintStash.Printers.Tls;

namespace PrintStash.Bench.Benchmarks;

/// <summary>
/// The printer transports against the same real servers the tests use (started on loopback by the test fixtures):
/// a 1 MiB MQTT QoS 1 round trip through mosquitto over TLS, and an FTPS upload to vsftpd (implicit TLS, session reuse)
/// next to curl uploading the same file to the same server in the same run.
/// Targets: MQTT 1 MiB round trip ≤ 50 ms (median); FTPS ≥ 0.8× curl. Needs root (the vsftpd test account).
/// </summary>
internal sealed class PrinterTransportBenchmark : IBenchmark
{
    private const double TargetRoundTripMs = 50;
    private const double TargetFtpsRatio = 0.8;

    public string Name => "printers";

    public string Description => "MQTT 1 MiB round trip (mosquitto, TLS) and FTPS upload vs curl (vsftpd, implicit TLS)";

    public bool IncludedInAll => false;

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        await MqttRoundTripAsync(context, context.IntOption("--runs", 21), cancellationToken);
        await FtpsUploadAsync(context, context.IntOption("--mib", 256), cancellationToken);
    }

    private static async Task MqttRoundTripAsync(BenchContext context, int runs, CancellationToken cancellationToken)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var options = new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = "bench",
            Username = MosquittoBroker.Username,
            Password = MosquittoBroker.Password,
            Tls = ServerCertificateTrust.Pinned(broker.Certificate!.Sha256),
            TlsServerName = MosquittoBroker.CertificateCommonName,
        };
        await using var subscriber = await MqttConnection.ConnectAsync(options with { ClientId = "bench-sub" }, TimeProvider.System, cancellationToken);
        await using var publisher = await MqttConnection.ConnectAsync(options with { ClientId = "bench-pub" }, TimeProvider.System, cancellationToken);
        await subscriber.SubscribeAsync("bench/big", MqttQualityOfService.AtLeastOnce, cancellationToken);
        var payload = new byte[1024 * 1024];
        Random.Shared.NextBytes(payload);
        var timings = new List<double>();
        for (var i = 0; i < runs + 5; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await publisher.PublishAsync("bench/big", payload, MqttQualityOfService.AtLeastOnce, false, cancellationToken);
            var received = await subscriber.Messages.ReadAsync(cancellationToken);
            stopwatch.Stop();
            if (received.Payload.Length != payload.Length)
            {
                throw new InvalidOperationException("The round trip lost bytes.");
            }

            if (i >= 5)
            {
                timings.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }

        var median = Stats.Median(timings);
        var table = new ResultTable("MQTT 1 MiB QoS 1, publish → receive (TLS, loopback)", "median", "min–max", "throughput");
        table.Add($"PrintStash MqttConnection, {runs} runs after 5 warm-up", Stats.Ms(median), $"{Stats.Ms(timings.Min())}–{Stats.Ms(timings.Max())}",
            Stats.MiBPerSecond(payload.Length, TimeSpan.FromMilliseconds(median)));
        table.Print();
        context.Record("printers: MQTT 1 MiB round trip", $"≤ {TargetRoundTripMs} ms", Stats.Ms(median), median <= TargetRoundTripMs);
    }

    private static async Task FtpsUploadAsync(BenchContext context, int mib, CancellationToken cancellationToken)
    {
        await using var server = await VsftpdServer.StartAsync();
        var source = Path.Combine(context.NewTempDir("printstash-bench-ftps-"), "upload.bin");
        await using (var file = File.Create(source))
        {
            var block = new byte[1024 * 1024];
            for (var i = 0; i < mib; i++)
            {
                Random.Shared.NextBytes(block);
                await file.WriteAsync(block, cancellationToken);
            }
        }

        var size = new FileInfo(source).Length;
        var ours = new List<TimeSpan>();
        var curl = new List<TimeSpan>();
        for (var run = 0; run < 3; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            await using (var client = await FtpsClient.ConnectAsync(new FtpsClientOptions
            {
                Host = server.Host,
                Port = server.Port,
                Username = VsftpdServer.Username,
                Password = VsftpdServer.Password,
                Trust = ServerCertificateTrust.Pinned(server.Certificate.Sha256),
            }, TimeProvider.System, cancellationToken))
            {
                await using var input = File.OpenRead(source);
                await client.UploadAsync(input, "/ours.bin", null, cancellationToken);
            }

            ours.Add(stopwatch.Elapsed);
            Verify(server, "ours.bin", size);

            var result = await ProcessRunner.RunAsync("curl",
                ["-sS", "-k", "--ssl-reqd", "-T", source, $"ftps://{VsftpdServer.Username}:{VsftpdServer.Password}@{server.Host}:{server.Port}/curl.bin"],
                cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("curl failed: " + result.StandardError);
            }

            curl.Add(result.Elapsed);
            Verify(server, "curl.bin", size);
        }

        var oursMedian = TimeSpan.FromMilliseconds(Stats.Median(ours.Select(t => t.TotalMilliseconds).ToList()));
        var curlMedian = TimeSpan.FromMilliseconds(Stats.Median(curl.Select(t => t.TotalMilliseconds).ToList()));
        var ratio = curlMedian / oursMedian;
        var table = new ResultTable($"FTPS upload of {Stats.MiB(size)} to vsftpd (implicit TLS, loopback), median of 3", "time", "throughput");
        table.Add("PrintStash FtpsClient (connect, login, upload, verify)", Stats.Seconds(oursMedian), Stats.MiBPerSecond(size, oursMedian));
        table.Add("curl --ssl-reqd -T (process start included)", Stats.Seconds(curlMedian), Stats.MiBPerSecond(size, curlMedian));
        table.Print();
        context.Record("printers: FTPS upload", $"≥ {TargetFtpsRatio}× curl", $"{Stats.MiBPerSecond(size, oursMedian)} = {Stats.Ratio(ratio)}", ratio >= TargetFtpsRatio);
        File.Delete(source);
    }

    private static void Verify(VsftpdServer server, string name, long size)
    {
        var length = new FileInfo(Path.Combine(server.Root, name)).Length;
        if (length != size)
        {
            throw new InvalidOperationException($"{name} arrived with {length} of {size} bytes.");
        }
    }
}
