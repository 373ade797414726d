using System.Text.Json.Nodes;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Bambu;

namespace PrintStash.Printers.Tests.Bambu;

public sealed class BambuJobTrackerTests
{
    private const string Start = "1735000100";
    private readonly FakeTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(1735000100));

    [Fact]
    public void A_local_print_is_one_job_keyed_by_file_and_start_time_from_start_to_finish()
    {
        var tracker = new BambuJobTracker(time);

        var started = tracker.Observe(Report("PREPARE"));
        time.Advance(TimeSpan.FromMinutes(1));
        var running = tracker.Observe(Report("RUNNING"));
        time.Advance(TimeSpan.FromSeconds(10));
        var quiet = tracker.Observe(Report("RUNNING"));
        time.Advance(TimeSpan.FromMinutes(30));
        var finished = tracker.Observe(Report("FINISH"));

        var job = Assert.Single(started);
        Assert.Equal(("bracket.gcode.3mf@" + Start, PrintJobStatus.InProgress), (job.PrinterJobId, job.Status));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1735000100).UtcDateTime, job.StartedAt);
        Assert.Single(running);
        Assert.Empty(quiet);
        var done = Assert.Single(finished);
        Assert.Equal((job.PrinterJobId, PrintJobStatus.Completed), (done.PrinterJobId, done.Status));
        Assert.Equal(time.GetUtcNow().UtcDateTime, done.EndedAt);
        Assert.Equal(31 * 60 + 10, done.TotalSeconds);
    }

    [Fact]
    public void Cloud_jobs_are_keyed_by_task_id()
    {
        var tracker = new BambuJobTracker(time);

        var job = Assert.Single(tracker.Observe(Report("RUNNING", extra: """ "task_id":"81234567","subtask_id":"81234568" """)));

        Assert.Equal("task-81234567", job.PrinterJobId);
    }

    [Fact]
    public void A_failure_after_the_cancel_code_is_a_cancelled_job_and_pauses_do_not_count_as_printing()
    {
        var tracker = new BambuJobTracker(time);
        tracker.Observe(Report("RUNNING"));
        time.Advance(TimeSpan.FromMinutes(10));
        tracker.Observe(Report("PAUSE"));
        time.Advance(TimeSpan.FromMinutes(5));
        tracker.Observe(Report("RUNNING", extra: """ "print_error":50348044 """));
        time.Advance(TimeSpan.FromSeconds(1));

        var ended = Assert.Single(tracker.Observe(Report("FAILED")));

        Assert.Equal(PrintJobStatus.Cancelled, ended.Status);
        Assert.Equal(601, ended.PrintSeconds);
        Assert.Equal(901, ended.TotalSeconds);
    }

    [Fact]
    public void A_failure_without_the_cancel_code_is_an_error()
    {
        var tracker = new BambuJobTracker(time);
        tracker.Observe(Report("RUNNING"));

        Assert.Equal(PrintJobStatus.Error, Assert.Single(tracker.Observe(Report("FAILED", extra: """ "print_error":117473288 """))).Status);
    }

    [Fact]
    public void A_job_that_finished_while_disconnected_is_finalised_once_on_the_first_report()
    {
        var tracker = new BambuJobTracker(time);

        var first = Assert.Single(tracker.Observe(Report("FINISH")));
        var again = tracker.Observe(Report("FINISH"));

        Assert.Equal(("bracket.gcode.3mf@" + Start, PrintJobStatus.Completed), (first.PrinterJobId, first.Status));
        Assert.Empty(again);
    }

    [Fact]
    public void Reconnecting_mid_print_continues_the_same_job()
    {
        var before = new BambuJobTracker(time).Observe(Report("RUNNING"));
        time.Advance(TimeSpan.FromMinutes(3));

        var after = new BambuJobTracker(time).Observe(Report("RUNNING"));

        Assert.Equal(Assert.Single(before).PrinterJobId, Assert.Single(after).PrinterJobId);
    }

    [Fact]
    public void Idle_reports_make_no_jobs()
    {
        var tracker = new BambuJobTracker(time);

        Assert.Empty(tracker.Observe(BambuPrintReport.From(new JsonObject { ["gcode_state"] = "IDLE" })));
    }

    private static BambuPrintReport Report(string state, string extra = "")
    {
        var report = JsonNode.Parse($$"""{"gcode_state":"{{state}}","gcode_file":"bracket.gcode.3mf","subtask_name":"bracket","task_id":"0","subtask_id":"0","gcode_start_time":"{{Start}}"}""")!.AsObject();
        if (extra.Length > 0)
        {
            BambuReportMerger.Merge(report, JsonNode.Parse("{" + extra + "}")!.AsObject());
        }

        return BambuPrintReport.From(report);
    }
}
