using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Control;
using PrintStash.Printers.Tests.TestSupport;

namespace PrintStash.Printers.Tests.Control;

public sealed class PrinterControlTests
{
    private const string Hash = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

    [Fact]
    public async Task Command_to_an_offline_printer_is_refused_in_words_and_audited()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        harness.Driver.Behaviour = TestSessionBehaviour.Fail;
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);

        var result = await harness.Get<IPrinterControl>().PauseAsync(printer.Id, harness.Actor, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("The printer is offline.", result.Error);
        await using var context = harness.CreateContext();
        var audit = await context.AuditEvents.SingleAsync(e => e.Action == AuditActions.PrinterPaused);
        Assert.Equal(printer.Id.ToString(), audit.TargetId);
        Assert.Contains("offline", audit.DetailsJson);
    }

    [Fact]
    public async Task Command_to_an_unknown_printer_is_refused()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var result = await harness.Get<IPrinterControl>().CancelAsync(Guid.NewGuid(), harness.Actor, CancellationToken.None);
        Assert.Equal(PrinterControl.NotSupervised, result.Error);
    }

    [Fact]
    public async Task Commands_go_through_the_live_connection_and_refusals_are_passed_on()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Driver.Current?.Running == true, "connected");
        var control = harness.Get<IPrinterControl>();
        var connection = harness.Driver.Current!;

        Assert.True((await control.PauseAsync(printer.Id, harness.Actor, CancellationToken.None)).Succeeded);
        Assert.True((await control.ResumeAsync(printer.Id, harness.Actor, CancellationToken.None)).Succeeded);
        Assert.True((await control.StartAsync(printer.Id, "benchy.gcode", harness.Actor, CancellationToken.None)).Succeeded);
        connection.CommandResult = PrinterCommandResult.Refused("Klipper is not ready");
        var refused = await control.CancelAsync(printer.Id, harness.Actor, CancellationToken.None);

        Assert.Equal("Klipper is not ready", refused.Error);
        Assert.Equal(["pause", "resume", "start benchy.gcode", "cancel"], connection.Commands);
        await using var context = harness.CreateContext();
        Assert.Equal(4, await context.AuditEvents.CountAsync(e => e.TargetId == printer.Id.ToString()));
    }

    [Fact]
    public async Task Sent_file_links_the_job_to_the_vault_file_and_the_sender()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        var file = await harness.AddVaultFileAsync("vase.gcode", 3, Hash);
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Driver.Current?.Running == true, "connected");

        var result = await harness.Get<IPrinterControl>().SendFileAsync(
            printer.Id, new PrinterUpload(new MemoryStream([1, 2, 3]), "vase.gcode", 3, Hash.ToUpperInvariant(), file.Id), true, harness.Actor, null, CancellationToken.None);
        Assert.True(result.Succeeded);
        Assert.Equal(["upload vase.gcode 3 start=True"], harness.Driver.Current!.Commands);

        var start = harness.Time.GetUtcNow().UtcDateTime;
        await harness.Driver.Current.Sink!.JobReportedAsync(new PrinterJobReport("77", "vase.gcode", PrintJobStatus.InProgress, start, null, 0, 0), CancellationToken.None);
        await using var context = harness.CreateContext();
        var job = await context.PrintJobs.SingleAsync();
        Assert.Equal(file.Id, job.VaultFileId);
        Assert.Equal(harness.UserId, job.UserId);
        Assert.Equal(1, await context.AuditEvents.CountAsync(e => e.Action == AuditActions.PrinterFileSent));
    }

    [Theory]
    [InlineData("", Hash)]
    [InlineData("..", Hash)]
    [InlineData("ok.gcode", "not-a-hash")]
    public async Task Send_rejects_bad_names_and_hashes_before_touching_the_printer(string name, string hash)
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var printer = await harness.AddPrinterAsync();
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Driver.Current?.Running == true, "connected");

        var result = await harness.Get<IPrinterControl>().SendFileAsync(printer.Id, new PrinterUpload(new MemoryStream([1]), name, 1, hash, null), false, harness.Actor, null, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Empty(harness.Driver.Current!.Commands);
    }
}
