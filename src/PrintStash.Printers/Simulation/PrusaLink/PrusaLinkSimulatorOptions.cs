namespace PrintStash.Printers.Simulation.PrusaLink;

/// <summary>How the simulated printer authenticates clients.</summary>
public enum PrusaLinkSimulatorAuth
{
    /// <summary>HTTP Digest only (current Buddy firmware: MK4, XL, MINI, CORE One).</summary>
    Digest,

    /// <summary>X-Api-Key only (older firmware); a wrong key gets 403 "Bad X-Api-Key.".</summary>
    ApiKey,

    /// <summary>Either (PrusaLink on a Raspberry Pi).</summary>
    DigestOrApiKey,
}

public sealed class PrusaLinkSimulatorOptions
{
    public PrusaLinkSimulatorAuth Auth { get; init; } = PrusaLinkSimulatorAuth.Digest;

    /// <summary>"Printer API" on Buddy firmware, "Administrator" on the Raspberry Pi.</summary>
    public string Realm { get; init; } = "Printer API";

    public string UserName { get; init; } = "maker";

    public string Password { get; init; } = "simulated-password";

    public string ApiKey { get; init; } = "simulated-api-key";

    /// <summary>RFC 7616 <c>qop=auth</c> challenges; false sends the RFC 2069 form the Buddy firmware uses.</summary>
    public bool DigestQop { get; init; } = true;

    /// <summary>A nonce older than this gets a <c>stale=true</c> re-challenge.</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Print length for files whose name carries no PrusaSlicer time suffix ("…_1h32m.bgcode").</summary>
    public TimeSpan DefaultPrintDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>For --demo: after a print has finished this long, start the next stored file. Null: stay finished.</summary>
    public TimeSpan? RestartAfter { get; init; }

    /// <summary>Put a few sliced files on the simulated USB stick.</summary>
    public bool SeedFiles { get; init; } = true;

    public string PrinterModel { get; init; } = "MK4";

    public string Hostname { get; init; } = "prusa-mk4-sim";

    public string SerialNumber { get; init; } = "CZPX4720X004XC00001";

    public long FirstJobId { get; init; } = 100;

    /// <summary>Largest upload accepted (413 beyond).</summary>
    public long MaxUploadBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
