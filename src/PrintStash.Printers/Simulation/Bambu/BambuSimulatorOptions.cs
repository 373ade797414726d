using PrintStash.Printers.Tls;

namespace PrintStash.Printers.Simulation.Bambu;

/// <summary>P1/A1 printers send only changed fields; X1 printers send (almost) the whole object every time.</summary>
public enum BambuSimulatorReporting
{
    Incremental,
    Full,
}

public sealed record BambuSimulatorOptions
{
    public required string Serial { get; init; }

    public required string BrokerHost { get; init; }

    public required int BrokerPort { get; init; }

    public string? BrokerUserName { get; init; }

    public string? BrokerPassword { get; init; }

    /// <summary>Null for plain TCP to the broker.</summary>
    public ServerCertificateTrust? BrokerTls { get; init; }

    public string? BrokerTlsServerName { get; init; }

    public string ProductName { get; init; } = "Bambu Lab P1S";

    public BambuSimulatorReporting Reporting { get; init; } = BambuSimulatorReporting.Incremental;

    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PrepareDuration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan PrintDuration { get; init; } = TimeSpan.FromMinutes(10);

    public int TotalLayers { get; init; } = 120;

    /// <summary>Recent firmware outside Developer Mode: the "fun" bit is set and commands are ignored.</summary>
    public bool RequireSignedCommands { get; init; }

    /// <summary>For --demo: after a print has finished or failed this long, print the same file again. Null: stay put.</summary>
    public TimeSpan? RestartAfter { get; init; }

    /// <summary>Whether a file exists on the simulated storage (null: every file does). Missing files fail project_file.</summary>
    public Func<string, bool>? FileExists { get; init; }
}
