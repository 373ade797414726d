namespace PrintStash.Web.Demo;

/// <summary>
/// <c>dotnet run --project src/PrintStash.Web -- --demo</c>: simulated printers of every kind on loopback (Klipper/Moonraker,
/// PrusaLink, and Bambu Lab when mosquitto is installed), registered as printers, and a sample model in the vault, so a
/// fresh machine shows live printers without owning one.
/// </summary>
public static class DemoMode
{
    public const string Flag = "--demo";

    public static bool IsRequested(string[] args) => args.Contains(Flag, StringComparer.Ordinal);

    /// <summary>The arguments without the flag (the configuration's command-line source expects key/value pairs).</summary>
    public static string[] WithoutFlag(string[] args) => args.Where(a => a != Flag).ToArray();

    public static IHostApplicationBuilder AddPrintStashDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DemoSamples>();
        builder.Services.AddSingleton<DemoNotices>();
        builder.Services.AddHostedService<DemoPrinters>();
        return builder;
    }
}
