using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Formats.GCode;
using PrintStash.Ingestion.Libraries;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Ingestion.Storage;

namespace PrintStash.Ingestion.Slicing;

/// <summary>
/// Runs queued slice jobs one at a time (slicing uses every core it gets): writes the mesh and profiles to a private
/// folder, runs the slicer CLI with a time limit, and sends the G-code through the ingestion pipeline into the mesh's model.
/// </summary>
public sealed class SliceWorker(
    SliceJobQueue queue,
    SlicerEngines engines,
    SlicedUploadService uploads,
    FileContentLocator locator,
    IDbContextFactory<PrintStashDbContext> contextFactory,
    DatabaseReadiness readiness,
    IOptions<PrintStashOptions> options,
    IAuditLog audit,
    TimeProvider time,
    ILogger<SliceWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        await RecoverAsync(stoppingToken);
        await foreach (var jobId in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(jobId, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Slice job {Job} crashed", jobId);
                await FinishAsync(jobId, SliceJobState.Failed, $"Slicing failed unexpectedly: {ex.Message}", null, CancellationToken.None);
            }
        }
    }

    /// <summary>Jobs cut off by a restart fail with a reason; jobs still queued run again.</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        foreach (var job in await context.SliceJobs.Where(j => j.State == SliceJobState.Running).ToListAsync(cancellationToken))
        {
            job.State = SliceJobState.Failed;
            job.Message = "PrintStash stopped while this slice was running; start it again.";
            job.FinishedAt = time.GetUtcNow().UtcDateTime;
        }

        await context.SaveChangesAsync(cancellationToken);
        foreach (var id in await context.SliceJobs.Where(j => j.State == SliceJobState.Queued).OrderBy(j => j.CreatedAt).Select(j => j.Id).ToListAsync(cancellationToken))
        {
            queue.Enqueue(id);
        }
    }

    private async Task RunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var job = await context.SliceJobs.FirstOrDefaultAsync(j => j.Id == jobId && j.State == SliceJobState.Queued, cancellationToken);
        if (job is null)
        {
            return;
        }

        var source = await context.Files.Live().AsNoTracking().FirstOrDefaultAsync(f => f.Id == job.SourceFileId, cancellationToken);
        var profileIds = new[] { job.PrinterProfileId, job.FilamentProfileId, job.ProcessProfileId }.OfType<Guid>().ToList();
        var profiles = await context.SlicerProfiles.AsNoTracking().Where(p => profileIds.Contains(p.Id)).ToListAsync(cancellationToken);
        var ordered = profileIds.Select(id => profiles.FirstOrDefault(p => p.Id == id)).ToList();
        if (source is null || ordered.Any(p => p is null))
        {
            await FinishAsync(jobId, SliceJobState.Failed, source is null ? "The mesh was moved to the trash before slicing started." : "A chosen profile was deleted before slicing started.", null, cancellationToken);
            return;
        }

        var engine = engines.For(ordered[0]!.Format);
        if (engine is null)
        {
            await FinishAsync(jobId, SliceJobState.Failed, SlicerEngines.HowToEnable, null, cancellationToken);
            return;
        }

        job.State = SliceJobState.Running;
        job.Progress = 0;
        await context.SaveChangesAsync(cancellationToken);

        var folder = Path.Combine(options.Value.DataDirFullPath, "slicing", jobId.ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await SliceInAsync(job, source, ordered!, engine, folder, cancellationToken);
        }
        finally
        {
            TryDelete(folder);
        }
    }

    private async Task SliceInAsync(SliceJob job, VaultFile source, IReadOnlyList<SlicerProfile> profiles, SlicerEngine engine, string folder, CancellationToken cancellationToken)
    {
        // The mesh keeps its name: the slicer writes it into the G-code as the object name, which links the result back.
        var meshPath = Path.Combine(folder, source.DisplayName);
        await using (var input = await locator.OpenAsync(source.LibraryVolumeId, source.LibraryPath, source.BlobHash, cancellationToken)
            ?? throw new FileNotFoundException($"The bytes of {source.DisplayName} are missing (a library folder that is gone, or storage damage)."))
        await using (var output = File.Create(meshPath))
        {
            await input.CopyToAsync(output, cancellationToken);
        }

        var profilePaths = new List<string>();
        for (var i = 0; i < profiles.Count; i++)
        {
            var path = Path.Combine(folder, $"profile-{i}{(engine.Format == SlicerProfileFormat.OrcaJson ? ".json" : ".ini")}");
            await File.WriteAllTextAsync(path, profiles[i].Content, new UTF8Encoding(false), cancellationToken);
            profilePaths.Add(path);
        }

        var outputDirectory = Path.Combine(folder, "out");
        Directory.CreateDirectory(outputDirectory);
        var arguments = SlicerCommand.Build(engine, meshPath, profiles, profilePaths, outputDirectory);
        var reported = new int[] { -1 };
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var saver = SaveProgressWhileRunningAsync(job.Id, reported, running.Token);
        SlicerRun run;
        try
        {
            run = await SlicerProcess.RunAsync(engine.Path, arguments, folder, engines.Timeout,
                (percent, _) => Volatile.Write(ref reported[0], Math.Clamp(percent, 0, 99)), cancellationToken);
        }
        finally
        {
            await running.CancelAsync();
            await saver;
        }

        await SaveProgressAsync(job.Id, Volatile.Read(ref reported[0]), cancellationToken);

        if (run.TimedOut)
        {
            await FinishAsync(job.Id, SliceJobState.Failed,
                $"The slicer was stopped after {engines.Timeout.TotalSeconds:0} seconds (the limit, PrintStash:Slicing:TimeoutSeconds). Nothing was added.", null, cancellationToken);
            return;
        }

        var gcode = Directory.EnumerateFiles(outputDirectory, "*.gcode").FirstOrDefault();
        if (run.ExitCode != 0 || gcode is null)
        {
            var detail = string.Join(" / ", run.LastLines.Where(l => !l.Contains("[trace]", StringComparison.Ordinal)).TakeLast(3));
            await FinishAsync(job.Id, SliceJobState.Failed, $"The slicer could not slice '{source.DisplayName}' (exit code {run.ExitCode}): {detail}", null, cancellationToken);
            return;
        }

        var ignored = engine.Format == SlicerProfileFormat.PrusaIni ? await IgnoredKeysAsync(gcode, profiles, cancellationToken) : [];
        var requester = await RequesterAsync(job.RequestedById, cancellationToken);
        await using var stream = File.OpenRead(gcode);
        var result = await uploads.UploadAsync(
            new SlicedUploadRequest(stream, SlicerCommand.OutputName(source.DisplayName, profiles), requester, IngestOrigin.ServerSlice) { ModelId = job.ModelId },
            cancellationToken);
        var ingest = result.Ingest;
        if (ingest.Outcome == IngestOutcome.Rejected)
        {
            await FinishAsync(job.Id, SliceJobState.Failed, ingest.Message, null, cancellationToken);
            return;
        }

        var message = ignored.Count == 0
            ? ingest.Message
            : $"{ingest.Message} The slicer ignored settings it does not know: {string.Join(", ", ignored.Take(20))}.";
        await FinishAsync(job.Id, SliceJobState.Succeeded, message, ingest.FileId, cancellationToken);
        await audit.WriteAsync(requester, "slice.finished", "file", ingest.FileId.ToString(), new { job = job.Id, source = source.Id, profiles = job.ProfileSummary }, cancellationToken);
    }

    /// <summary>Keys of the profiles that are missing from the config block the slicer wrote into the G-code.</summary>
    private static async Task<IReadOnlyList<string>> IgnoredKeysAsync(string gcode, IReadOnlyList<SlicerProfile> profiles, CancellationToken cancellationToken)
    {
        // The G-code reader already parses the config block into its raw value map (bounded head and tail windows).
        var written = (await GCodeReader.AnalyzeAsync(gcode, cancellationToken)).RawValues;
        if (!written.ContainsKey("layer_height"))
        {
            return []; // no config block (e.g. a slicer that does not write one): nothing to compare against
        }

        return profiles.SelectMany(p => SlicerProfileImporter.IniPairs(p.Content)).Select(p => p.Key)
            .Where(k => !written.ContainsKey(k)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private async Task<AuditActor> RequesterAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var name = await context.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
        return new AuditActor(userId, name ?? "unknown", null);
    }

    /// <summary>Writes the slicer's "NN =>" progress to the job row at most twice a second, for the page's progress bar.</summary>
    private async Task SaveProgressWhileRunningAsync(Guid jobId, int[] reported, CancellationToken cancellationToken)
    {
        var saved = -1;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var current = Volatile.Read(ref reported[0]);
                if (current != saved)
                {
                    await SaveProgressAsync(jobId, current, cancellationToken);
                    saved = current;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The slice ended.
        }
    }

    private async Task SaveProgressAsync(Guid jobId, int progress, CancellationToken cancellationToken)
    {
        if (progress < 0)
        {
            return;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.SliceJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, progress), cancellationToken);
    }

    private async Task FinishAsync(Guid jobId, SliceJobState state, string message, Guid? resultFileId, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var job = await context.SliceJobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return;
        }

        job.State = state;
        job.Message = message.Length <= 4000 ? message : message[..3999] + "…";
        job.ResultFileId = resultFileId;
        job.Progress = state == SliceJobState.Succeeded ? 100 : job.Progress;
        job.FinishedAt = time.GetUtcNow().UtcDateTime;
        await context.SaveChangesAsync(cancellationToken);
    }

    private void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not remove the slicing folder {Folder}", folder);
        }
    }
}
