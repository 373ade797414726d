namespace PrintStash.Printers.Bambu;

/// <summary>Protocol constants of Bambu LAN mode, overridable for tests and the demo (simulator on other ports).</summary>
public sealed record BambuDriverOptions
{
    public int MqttPort { get; init; } = 8883;

    public int FtpsPort { get; init; } = 990;

    public string MqttUserName { get; init; } = "bblp";

    public string FtpsUserName { get; init; } = "bblp";

    /// <summary>ha-bambulab uses 5 s; a little longer is kinder to P1 firmware over Wi-Fi.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>pushall makes P1P printers lag: after the one sent on connect, never more often than this.</summary>
    public TimeSpan PushAllMinimumInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>No report for this long: ask the printer to restart its push stream (ha-bambulab's watchdog).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a command waits for the printer's acknowledgement before trusting the next status report instead.</summary>
    public TimeSpan CommandAckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the add-printer test waits for the first report after pushall.</summary>
    public TimeSpan TestReportTimeout { get; init; } = TimeSpan.FromSeconds(8);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
