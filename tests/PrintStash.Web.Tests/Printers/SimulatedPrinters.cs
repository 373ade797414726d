using System.Net;
using System.Net.Http.Json;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Printers;

/// <summary>Adds a printer through the API (pointing at a Moonraker simulator) and waits for it, in real time.</summary>
internal static class SimulatedPrinters
{
    public static async Task<PrinterResponse> CreateOnlineAsync(HttpClient admin, string address)
    {
        var printer = await HttpAssert.JsonAsync<PrinterResponse>(
            await admin.PostAsJsonAsync("/api/v1/printers", new PrinterRequest("Sim " + Guid.NewGuid().ToString("N")[..6], "Moonraker", address, null)), HttpStatusCode.Created);
        return await Eventually(async () =>
        {
            var current = await HttpAssert.JsonAsync<PrinterResponse>(await admin.GetAsync($"/api/v1/printers/{printer.Id}"));
            return current.Live is { Connection: "Online", Activity: not "Unknown" } ? current : null;
        }, "the printer comes online");
    }

    public static Task Eventually(Func<bool> condition, string what) =>
        Eventually(() => Task.FromResult(condition() ? (object?)true : null), what);

    /// <summary>Polls in real time (the simulator and sockets run on the real clock) for up to 20 s.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Timed out waiting until {what}.");
            await Task.Delay(100);
        }
    }
}
