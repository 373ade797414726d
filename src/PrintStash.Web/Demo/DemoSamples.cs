using System.Buffers.Binary;
using PrintStash.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Pipeline;
using PrintStash.Printers.Simulation.Moonraker;

namespace PrintStash.Web.Demo;

/// <summary>
/// The demo's sample model: a 20 mm calibration cube (binary STL made here) and the G-code the simulators print,
/// through the one ingestion pipeline. Re-running finds them as duplicates and adds nothing.
/// </summary>
internal sealed class DemoSamples(IngestionPipeline pipeline, IDbContextFactory<PrintStashDbContext> contextFactory, TimeProvider time, ILogger<DemoSamples> logger)
{
    public const string ModelName = "Calibration cube (demo)";

    /// <summary>
    /// Files are added on behalf of a user: on a fresh machine that is the Admin created on the setup page, so this
    /// waits (checking every few seconds) until one exists.
    /// </summary>
    public async Task AddWhenAnAdminExistsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3), time);
        do
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var admin = await context.Users.Active().Where(u => u.Role == UserRole.Admin)
                .OrderBy(u => u.CreatedAt).Select(u => new { u.Id, u.UserName }).FirstOrDefaultAsync(cancellationToken);
            if (admin is not null)
            {
                await AddAsync(new AuditActor(admin.Id, admin.UserName, null), cancellationToken);
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    public async Task AddAsync(AuditActor actor, CancellationToken cancellationToken)
    {
        var stl = await IngestAsync(CubeStl(20), "calibration_cube.stl", new IngestTarget.NewModel(ModelName), actor, cancellationToken);
        if (stl.ModelId is not { } modelId)
        {
            logger.LogWarning("Demo mode: the sample model was not added: {Message}", stl.Message);
            return;
        }

        // The same bytes the simulators hold, so a print started on a simulator matches this vault file.
        var gcode = SampleGcode.Create(new MoonrakerSimulatorOptions().SampleDuration, seed: 1);
        await IngestAsync(gcode, MoonrakerSimulator.SampleFileName, new IngestTarget.ExistingModel(modelId), actor, cancellationToken);
    }

    /// <summary>A binary STL cube of <paramref name="size"/> mm: 12 triangles.</summary>
    public static byte[] CubeStl(float size)
    {
        float[][] v =
        [
            [0, 0, 0], [size, 0, 0], [size, size, 0], [0, size, 0],
            [0, 0, size], [size, 0, size], [size, size, size], [0, size, size],
        ];
        (int A, int B, int C, float[] N)[] faces =
        [
            (0, 2, 1, [0, 0, -1]), (0, 3, 2, [0, 0, -1]),
            (4, 5, 6, [0, 0, 1]), (4, 6, 7, [0, 0, 1]),
            (0, 1, 5, [0, -1, 0]), (0, 5, 4, [0, -1, 0]),
            (1, 2, 6, [1, 0, 0]), (1, 6, 5, [1, 0, 0]),
            (2, 3, 7, [0, 1, 0]), (2, 7, 6, [0, 1, 0]),
            (3, 0, 4, [-1, 0, 0]), (3, 4, 7, [-1, 0, 0]),
        ];
        var bytes = new byte[84 + (faces.Length * 50)];
        "PrintStash demo cube"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(80), (uint)faces.Length);
        var offset = 84;
        foreach (var (a, b, c, n) in faces)
        {
            foreach (var value in n.Concat(v[a]).Concat(v[b]).Concat(v[c]))
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), value);
                offset += 4;
            }

            offset += 2; // attribute byte count
        }

        return bytes;
    }

    private async Task<IngestResult> IngestAsync(byte[] content, string name, IngestTarget target, AuditActor actor, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        var result = await pipeline.PersistAsync(new IngestRequest(stream, name, target, actor, IngestOrigin.Api) { Tags = ["demo"] }, cancellationToken);
        if (result.Outcome == IngestOutcome.Rejected)
        {
            logger.LogWarning("Demo mode: {File} was rejected: {Message}", name, result.Message);
        }

        return result;
    }
}
