using System.Text.Json;
using System.Text.Json.Nodes;
using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Moonraker;

internal sealed partial class MoonrakerConnection
{
    /// <summary>
    /// Imports history entries that started after <paramref name="since"/> (minus a second, so the newest known job is
    /// re-read and its final state caught), newest first in pages, then reports them oldest first. Bounded by
    /// <see cref="MoonrakerOptions.HistoryMaxJobs"/>. Runs before subscribing, so live notifications queue behind it.
    /// </summary>
    private async Task BackfillAsync(MoonrakerRpcClient client, DateTime? since, CancellationToken cancellationToken)
    {
        var reports = new List<PrinterJobReport>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var page = Math.Max(1, options.HistoryPageSize);
        for (var start = 0; reports.Count < options.HistoryMaxJobs; start += page)
        {
            var parameters = new JsonObject { ["limit"] = page, ["start"] = start, ["order"] = "desc" };
            if (since is { } s)
            {
                parameters["since"] = MoonrakerJson.ToUnixSeconds(s) - 1;
            }

            JsonElement result;
            try
            {
                result = await CallAsync(client, "server.history.list", parameters, cancellationToken);
            }
            catch (MoonrakerRequestException)
            {
                // No history component, or it failed: the live session matters more; the next connect tries again.
                return;
            }

            if (result.Property("jobs") is not { ValueKind: JsonValueKind.Array } jobs || jobs.GetArrayLength() == 0)
            {
                break;
            }

            foreach (var job in jobs.EnumerateArray())
            {
                if (MoonrakerJobMapper.ToReport(job) is { } report && seen.Add(report.PrinterJobId) && reports.Count < options.HistoryMaxJobs)
                {
                    reports.Add(report);
                }
            }

            if (jobs.GetArrayLength() < page)
            {
                break;
            }
        }

        if (reports.FirstOrDefault() is { Status: Domain.Entities.PrintJobStatus.InProgress } running)
        {
            jobId = running.PrinterJobId;
        }

        for (var i = reports.Count - 1; i >= 0; i--)
        {
            await sink.JobReportedAsync(reports[i], cancellationToken);
        }
    }
}
