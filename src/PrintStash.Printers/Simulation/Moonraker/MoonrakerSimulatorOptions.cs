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

    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;
}
