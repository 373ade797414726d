namespace PrintStash.Printers.Simulation.Moonraker;

/// <summary>How a simulated Moonraker/Klipper printer behaves.</summary>
public sealed class MoonrakerSimulatorOptions
{
    /// <summary>When set, HTTP and WebSocket clients must present it (X-Api-Key, identify api_key or a oneshot token).</summary>
    public string? ApiKey { get; set; }

    public string Hostname { get; set; } = "sim-voron";

    /// <summary>Simulated seconds per real second (temperatures, print progress, durations).</summary>
    public double TimeScale { get; set; } = 1.0;

    /// <summary>Klipper evaluates subscriptions every 250 ms.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long Klipper stays disconnected during a restart (real time).</summary>
    public TimeSpan KlippyRestartDelay { get; set; } = TimeSpan.FromSeconds(2.27);

    /// <summary>Demo mode: print the sample file in a loop, pausing once per print.</summary>
    public bool DemoLoop { get; set; }

    /// <summary>Idle time between demo prints (real time).</summary>
    public TimeSpan DemoIdle { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Length of the demo's pause (real time).</summary>
    public TimeSpan DemoPause { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>Estimated duration of the built-in sample file (simulated seconds).</summary>
    public TimeSpan SampleDuration { get; set; } = TimeSpan.FromMinutes(12);

    /// <summary>Seeds the sample file's colour and the sensor noise, so each demo printer looks different.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// Behave like a reverse proxy that drops X-Api-Key on the WebSocket upgrade and rejects unauthenticated upgrades:
    /// only a oneshot token (?token=) gets a client in.
    /// </summary>
    public bool WebSocketHeaderAuthStripped { get; set; }

    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Settings for demo printer number <paramref name="index"/>: prints the sample in a loop, ten times faster than
    /// life (a 12-minute sample takes about 75 s), each printer with its own colour and start offset.
    /// </summary>
    public static MoonrakerSimulatorOptions Demo(int index) => new()
    {
        Hostname = $"demo-{index + 1}",
        DemoLoop = true,
        TimeScale = 10,
        Seed = index + 1,
        DemoIdle = TimeSpan.FromSeconds(15 + (index % 4 * 5)),
        SampleDuration = TimeSpan.FromMinutes(10 + (index % 5 * 2)),
    };
}
