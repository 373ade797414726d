using System.Globalization;
using System.Text;
using PrintStash.Printers.Jobs;

namespace PrintStash.Web.Printers;

/// <summary>Job history as CSV (RFC 4180, UTF-8, ISO-8601 UTC times), written row by row so any history size streams.</summary>
public static class JobsCsv
{
    public const string Header = "started_at,ended_at,printer,file,status,user,print_seconds,total_seconds,filament_mm,filament_g,printer_job_id,job_id";

    public static async Task WriteAsync(IAsyncEnumerable<JobView> jobs, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(Header.AsMemory(), cancellationToken);
        await foreach (var job in jobs.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(Row(job).AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static string Row(JobView job) => string.Join(',',
        Time(job.StartedAt),
        job.EndedAt is { } ended ? Time(ended) : string.Empty,
        Field(job.PrinterName),
        Field(job.FileName),
        job.Status.ToString(),
        Field(job.UserName ?? string.Empty),
        Number(job.PrintSeconds),
        Number(job.TotalSeconds),
        job.FilamentUsedMm is { } mm ? Number(mm) : string.Empty,
        job.FilamentUsedGrams is { } g ? Number(g) : string.Empty,
        Field(job.PrinterJobId),
        job.Id.ToString());

    public static string FileName(DateTime nowUtc) => $"printstash-jobs-{nowUtc:yyyyMMdd-HHmmss}.csv";

    /// <summary>
    /// Quotes when needed, and defuses values a spreadsheet would run as a formula (file names come from printers and
    /// users): a leading =, +, -, @, tab or CR gets a leading apostrophe.
    /// </summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Time(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Number(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
