using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace PrintStash.Printers.Simulation.Moonraker;

/// <summary>
/// A Moonraker + Klipper printer on a loopback port, speaking the WebSocket JSON-RPC and the HTTP API with the shapes of
/// the recorded real sessions: identify, objects list/query/subscribe with 250 ms diffs, history, files with metadata and
/// thumbnails, upload, print start/pause/resume/cancel, Klippy restarts and API-key checks. Used by <c>--demo</c> and tests.
/// </summary>
public sealed partial class MoonrakerSimulator : IAsyncDisposable
{
    public const string SampleFileName = "sample_cube_PLA.gcode";

    private readonly MoonrakerSimulatorOptions options;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly SimulatedKlipper klipper;
    private readonly List<SimulatorClient> clients = [];
    private readonly Dictionary<string, DateTimeOffset> oneshotTokens = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> background = [];
    private HttpListener? listener;
    private long nextConnectionId = 140426462020240;
    private DateTimeOffset? demoIdleSince;
    private DateTimeOffset? demoResumeAt;
    private bool demoPausedThisJob;
    private int acceptedSockets;

    public MoonrakerSimulator(MoonrakerSimulatorOptions? options = null, TimeProvider? time = null)
    {
        this.options = options ?? new MoonrakerSimulatorOptions();
        this.time = time ?? TimeProvider.System;
        klipper = new SimulatedKlipper(this.options, () => this.time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        klipper.AddFile(SampleFileName, SampleGcode.Create(this.options.SampleDuration, seed: this.options.Seed));
        klipper.Outbox.Clear();
    }

    /// <summary>
    /// Raised on the tick thread after each tick's <c>notify_status_update</c> diffs went to the clients' outboxes, once
    /// per client, stamped with the wall clock just before sending: benchmarks measure status-to-screen latency from it.
    /// Handlers must be quick and must not change the diff.
    /// </summary>
    public event Action<SimulatorStatusSent>? StatusSent;

    /// <summary>http://127.0.0.1:port (set by <see cref="StartAsync"/>).</summary>
    public string Address { get; private set; } = string.Empty;

    public int Port { get; private set; }

    /// <summary>WebSocket clients connected right now.</summary>
    public int ConnectedClients
    {
        get
        {
            lock (gate)
            {
                return clients.Count;
            }
        }
    }

    /// <summary>WebSocket connections accepted since start.</summary>
    public int AcceptedConnections => Volatile.Read(ref acceptedSockets);

    public string PrintState
    {
        get
        {
            lock (gate)
            {
                return klipper.PrintState;
            }
        }
    }

    public string KlippyState
    {
        get
        {
            lock (gate)
            {
                return klipper.KlippyState;
            }
        }
    }

    /// <summary>Job ids and statuses of the history, oldest first.</summary>
    public IReadOnlyList<(string JobId, string Status)> History
    {
        get
        {
            lock (gate)
            {
                return klipper.History.Select(j => (j.JobId, j.Status)).ToList();
            }
        }
    }

    public Task StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        if (listener is not null)
        {
            throw new InvalidOperationException("The simulator is already running.");
        }

        for (var attempt = 0; ; attempt++)
        {
            var candidate = port != 0 ? port : FreeLoopbackPort();
            var http = new HttpListener();
            http.Prefixes.Add($"http://127.0.0.1:{candidate}/");
            try
            {
                http.Start();
            }
            catch (HttpListenerException) when (port == 0 && attempt < 10)
            {
                http.Close();
                continue;
            }

            listener = http;
            Port = candidate;
            Address = $"http://127.0.0.1:{candidate}";
            break;
        }

        demoIdleSince = time.GetUtcNow() - options.DemoIdle + TimeSpan.FromSeconds(options.Seed % 7);
        background.Add(Task.Run(() => AcceptLoopAsync(stop.Token), CancellationToken.None));
        background.Add(Task.Run(() => TickLoopAsync(stop.Token), CancellationToken.None));
        return Task.CompletedTask;
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Adds or replaces a file in the gcodes root (as an upload would, with notify_filelist_changed).</summary>
    public void AddFile(string path, byte[] content) => Mutate(k => k.AddFile(path, content));

    /// <summary>Starts a print as if from the printer's display.</summary>
    public void StartPrint(string path = SampleFileName) => Mutate(k => k.StartPrint(path, "No User"));

    public void Pause() => Mutate(k => k.Pause());

    public void Resume() => Mutate(k => k.Resume());

    public void Cancel() => Mutate(k => k.Cancel());

    /// <summary>Drops every WebSocket connection (Moonraker restarting or the network going away).</summary>
    public void ForceDisconnect()
    {
        List<SimulatorClient> dropped;
        lock (gate)
        {
            dropped = [.. clients];
            clients.Clear();
        }

        foreach (var client in dropped)
        {
            client.Abort();
        }
    }

    /// <summary>notify_klippy_disconnected now (subscriptions dropped, a running job ends), notify_klippy_ready after the restart delay.</summary>
    public Task KlippyRestartAsync()
    {
        Mutate(k => k.Disconnect(), dropSubscriptions: true);
        var ready = Task.Run(async () =>
        {
            await Task.Delay(options.KlippyRestartDelay, time, stop.Token);
            Mutate(k => k.Ready());
        });
        lock (gate)
        {
            background.Add(ready);
        }

        return ready;
    }

    /// <summary>Emergency stop / MCU error: Klippy in "shutdown" with <paramref name="reason"/> until restarted.</summary>
    public void KlippyShutdown(string reason = "MCU 'mcu' shutdown: Timer too close") => Mutate(k => k.Shutdown(reason));

    private void Mutate(Action<SimulatedKlipper> change, bool dropSubscriptions = false)
    {
        List<(SimulatorClient, JsonNode)> outgoing;
        lock (gate)
        {
            change(klipper);
            if (dropSubscriptions)
            {
                foreach (var client in clients)
                {
                    client.Subscription = null;
                    client.LastSent.Clear();
                }
            }

            outgoing = DrainOutbox();
        }

        Deliver(outgoing);
    }

    private List<(SimulatorClient, JsonNode)> DrainOutbox()
    {
        var outgoing = new List<(SimulatorClient, JsonNode)>();
        foreach (var notification in klipper.Outbox)
        {
            foreach (var client in clients.Where(c => !c.NeedsAuth))
            {
                outgoing.Add((client, notification.DeepClone()));
            }
        }

        klipper.Outbox.Clear();
        return outgoing;
    }

    private static void Deliver(List<(SimulatorClient Client, JsonNode Message)> outgoing)
    {
        foreach (var (client, message) in outgoing)
        {
            client.Send(message);
        }
    }

    private async Task TickLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.TickInterval, time);
        var last = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = time.GetTimestamp();
                var elapsed = time.GetElapsedTime(last, now).TotalSeconds;
                last = now;
                Tick(Math.Clamp(elapsed, 0, 5));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Tick(double realSeconds)
    {
        var outgoing = new List<(SimulatorClient, JsonNode)>();
        var diffs = StatusSent is null ? null : new List<(long, JsonObject)>();
        lock (gate)
        {
            klipper.Advance(realSeconds);
            if (options.DemoLoop)
            {
                Direct();
            }

            foreach (var client in clients)
            {
                if (StatusDiff(client) is { } diff)
                {
                    diffs?.Add((client.ConnectionId, diff));
                    outgoing.Add((client, new JsonObject
                    {
                        ["jsonrpc"] = "2.0",
                        ["method"] = "notify_status_update",
                        ["params"] = new JsonArray(diff, Math.Round(klipper.EventTime, 6)),
                    }));
                }
            }

            outgoing.AddRange(DrainOutbox());
        }

        var sentAt = time.GetUtcNow();
        Deliver(outgoing);
        if (diffs is { Count: > 0 } && StatusSent is { } observer)
        {
            foreach (var (connectionId, diff) in diffs)
            {
                observer(new SimulatorStatusSent(sentAt, connectionId, diff));
            }
        }
    }

    /// <summary>Demo mode: start the sample after an idle spell, pause once at 40 %, resume after a while.</summary>
    private void Direct()
    {
        var now = time.GetUtcNow();
        if (!klipper.IsReady)
        {
            return;
        }

        if (!klipper.IsBusy)
        {
            demoIdleSince ??= now;
            if (now - demoIdleSince >= options.DemoIdle && klipper.File(SampleFileName) is not null)
            {
                klipper.StartPrint(SampleFileName, "No User");
                demoIdleSince = null;
                demoPausedThisJob = false;
            }
        }
        else if (klipper.PrintState == "printing" && !demoPausedThisJob && klipper.Progress >= 0.4)
        {
            klipper.Pause();
            demoPausedThisJob = true;
            demoResumeAt = now + options.DemoPause;
        }
        else if (klipper.PrintState == "paused" && demoResumeAt is { } resumeAt && now >= resumeAt)
        {
            klipper.Resume();
            demoResumeAt = null;
        }
    }

    /// <summary>Fields of subscribed objects whose value changed since last sent to this client (null when none).</summary>
    private JsonObject? StatusDiff(SimulatorClient client)
    {
        if (client.Subscription is not { } subscription || !klipper.IsReady && klipper.KlippyState != "shutdown")
        {
            return null;
        }

        var diff = new JsonObject();
        foreach (var (name, fields) in subscription)
        {
            if (Filter(klipper.Object(name), fields) is not { } current)
            {
                continue;
            }

            if (!client.LastSent.TryGetValue(name, out var sent))
            {
                client.LastSent[name] = sent = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            }

            JsonObject? changed = null;
            foreach (var (field, value) in current)
            {
                if (sent.TryGetValue(field, out var previous) && JsonNode.DeepEquals(previous, value))
                {
                    continue;
                }

                sent[field] = value?.DeepClone();
                changed ??= new JsonObject();
                changed[field] = value?.DeepClone();
            }

            if (changed is not null)
            {
                diff[name] = changed;
            }
        }

        return diff.Count > 0 ? diff : null;
    }

    private static JsonObject? Filter(JsonObject? full, string[]? fields)
    {
        if (full is null || fields is null)
        {
            return full;
        }

        var filtered = new JsonObject();
        foreach (var field in fields)
        {
            if (full.TryGetPropertyValue(field, out var value))
            {
                filtered[field] = value?.DeepClone();
            }
        }

        return filtered;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener?.Close();
        ForceDisconnect();
        Task[] pending;
        lock (gate)
        {
            pending = [.. background];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or HttpListenerException or ObjectDisposedException)
        {
            // Stopping: background loops end on their own.
        }

        stop.Dispose();
    }
}
