using System.Text.Json;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Moonraker;

namespace PrintStash.Printers.Tests.Moonraker;

/// <summary>The recorded real sessions, fed straight through the diff merge and the status/job mappers.</summary>
public sealed class MoonrakerRecordingParsingTests
{
    private static List<PrinterStatus> Replay(string transcript)
    {
        var state = new MoonrakerObjectState();
        state.Replace(Recordings.AnswerTo(transcript, "printer.objects.subscribe").GetProperty("status"));
        var statuses = new List<PrinterStatus> { MoonrakerStatusMapper.Map(state, KlippyCondition.Ready, null, null, null) };
        foreach (var notification in Recordings.Notifications(transcript).Where(n => n.GetProperty("method").GetString() == "notify_status_update"))
        {
            state.Merge(notification.GetProperty("params")[0]);
            var status = MoonrakerStatusMapper.Map(state, KlippyCondition.Ready, null, null, null);
            if (!status.SameAs(statuses[^1]))
            {
                statuses.Add(status);
            }
        }

        return statuses;
    }

    private static List<PrinterJobReport> HistoryReports(string transcript) =>
        Recordings.Notifications(transcript)
            .Where(n => n.GetProperty("method").GetString() == "notify_history_changed")
            .Select(n => MoonrakerJobMapper.ToReport(n.GetProperty("params")[0].GetProperty("job"))!)
            .ToList();

    private static List<T> Runs<T>(IEnumerable<T> values) =>
        values.Aggregate(new List<T>(), (runs, v) =>
        {
            if (runs.Count == 0 || !EqualityComparer<T>.Default.Equals(runs[^1], v))
            {
                runs.Add(v);
            }

            return runs;
        });

    [Fact]
    public void Full_print_recording_goes_standby_printing_complete()
    {
        var statuses = Replay("print_complete.jsonl");

        Assert.Equal([PrinterActivity.Standby, PrinterActivity.Printing, PrinterActivity.Complete], Runs(statuses.Select(s => s.Activity)));
        var first = statuses[0];
        Assert.Null(first.FileName);
        Assert.Null(first.Progress);
        Assert.Equal([new HeaterReading("host", 42.0, null)], first.Heaters.ToArray());
        var last = statuses[^1];
        Assert.Equal("peer_test_print.gcode", last.FileName);
        Assert.Equal(1.0, last.Progress);
        Assert.Equal((5, 5), (last.CurrentLayer, last.TotalLayers));
        Assert.Equal(31.47, last.Elapsed!.Value.TotalSeconds, 2);
        Assert.Null(last.Remaining);
        Assert.Null(last.CurrentObject);
        Assert.Equal(1.0, last.SpeedFactor);
    }

    [Fact]
    public void Full_print_recording_advances_layers_progress_and_objects_in_order()
    {
        var printing = Replay("print_complete.jsonl").Where(s => s.Activity == PrinterActivity.Printing).ToList();

        Assert.Equal([1, 2, 3, 4, 5], Runs(printing.Select(s => s.CurrentLayer!.Value)));
        Assert.All(printing, s => Assert.Equal(5, s.TotalLayers));
        var progress = printing.Select(s => s.Progress!.Value).ToList();
        Assert.Equal(progress.Order(), progress);
        Assert.InRange(progress[0], 0.28, 0.29);
        Assert.Contains(printing, s => s.CurrentObject == "CUBE_1");
        Assert.Contains(printing, s => s.CurrentObject == "CUBE_2");
        Assert.Contains(printing, s => s.Message == "Layer 3/5");
        // No extruder: print_duration stays 0, so the ETA comes from total_duration and progress.
        Assert.All(printing.Where(s => s.Elapsed > TimeSpan.FromSeconds(1)), s => Assert.NotNull(s.Remaining));
        var late = printing.Last(s => s.Progress > 0.9);
        Assert.InRange(late.Remaining!.Value.TotalSeconds, 0.1, 5);
    }

    [Fact]
    public void Full_print_history_notifications_become_in_progress_then_completed_job()
    {
        var reports = HistoryReports("print_complete.jsonl");

        Assert.Equal(2, reports.Count);
        var (added, finished) = (reports[0], reports[1]);
        Assert.Equal(("000001", PrintJobStatus.InProgress, (DateTime?)null), (added.PrinterJobId, added.Status, added.EndedAt));
        Assert.Equal("000001", finished.PrinterJobId);
        Assert.Equal(PrintJobStatus.Completed, finished.Status);
        Assert.Equal("peer_test_print.gcode", finished.FileName);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1795302152.6731675), finished.StartedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1795302184.0220883), finished.EndedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(DateTimeKind.Utc, finished.StartedAt.Kind);
        Assert.Equal(31.469763, finished.TotalSeconds, 5);
        Assert.Equal(0, finished.PrintSeconds);
        Assert.Equal(0, finished.FilamentUsedMm);
        Assert.Null(finished.FilamentUsedGrams);
        Assert.Equal(2092, finished.FileSize);
        using var metadata = JsonDocument.Parse(finished.MetadataJson!);
        Assert.Equal(392, metadata.RootElement.GetProperty("gcode_start_byte").GetInt32());
    }

    [Fact]
    public void Pause_resume_cancel_recording_maps_to_paused_then_cancelled()
    {
        var statuses = Replay("pause_resume_cancel.jsonl");

        Assert.Equal(
            [PrinterActivity.Complete, PrinterActivity.Printing, PrinterActivity.Paused, PrinterActivity.Printing, PrinterActivity.Cancelled],
            Runs(statuses.Select(s => s.Activity)));
        var reports = HistoryReports("pause_resume_cancel.jsonl");
        Assert.Equal([PrintJobStatus.InProgress, PrintJobStatus.Cancelled], reports.Select(r => r.Status));
        Assert.Equal(14.1367, reports[1].TotalSeconds, 4);
        Assert.All(reports, r => Assert.Equal("000002", r.PrinterJobId));
    }

    [Fact]
    public void Recorded_history_list_maps_every_job()
    {
        var jobs = Recordings.HttpResult("history_list.json")["jobs"]!.AsArray();
        var reports = jobs.Select(j => MoonrakerJobMapper.ToReport(JsonDocument.Parse(j!.ToJsonString()).RootElement)!).ToList();

        Assert.Equal(["000002", "000001"], reports.Select(r => r.PrinterJobId));
        Assert.All(reports, r => Assert.Equal(PrintJobStatus.Completed, r.Status));
        Assert.Equal(70.46078, reports[1].TotalSeconds, 4);
        Assert.Equal(2077, reports[1].FileSize);
    }

    [Theory]
    [InlineData("in_progress", PrintJobStatus.InProgress)]
    [InlineData("completed", PrintJobStatus.Completed)]
    [InlineData("cancelled", PrintJobStatus.Cancelled)]
    [InlineData("error", PrintJobStatus.Error)]
    [InlineData("klippy_shutdown", PrintJobStatus.KlippyShutdown)]
    [InlineData("klippy_disconnect", PrintJobStatus.Interrupted)]
    [InlineData("interrupted", PrintJobStatus.Interrupted)]
    [InlineData("server_exit", PrintJobStatus.Interrupted)]
    [InlineData("a_status_from_the_future", PrintJobStatus.Interrupted)]
    public void History_status_maps_to_job_status(string moonraker, PrintJobStatus expected) =>
        Assert.Equal(expected, MoonrakerJobMapper.Status(moonraker));

    [Fact]
    public void Job_with_clock_jump_or_missing_fields_is_clamped_or_skipped()
    {
        static PrinterJobReport? Map(string json) => MoonrakerJobMapper.ToReport(JsonDocument.Parse(json).RootElement);

        var backwards = Map("""{"job_id":"00000A","filename":"a.gcode","status":"completed","start_time":1795302100.0,"end_time":1795300000.0,"print_duration":-5,"total_duration":"x","filament_used":1.5e400}""");
        Assert.NotNull(backwards);
        Assert.Equal(backwards.StartedAt, backwards.EndedAt);
        Assert.Equal(0, backwards.PrintSeconds);
        Assert.Equal(0, backwards.TotalSeconds);
        Assert.Null(backwards.FilamentUsedMm);

        Assert.Null(Map("""{"job_id":"00000B","filename":"a.gcode","status":"completed","start_time":-1}"""));
        Assert.Null(Map("""{"job_id":"00000C","filename":"a.gcode","status":"completed","start_time":1e300}"""));
        Assert.Null(Map("""{"filename":"a.gcode","status":"completed","start_time":1795302100.0}"""));
        Assert.Null(Map("""[1,2,3]"""));
    }

    [Fact]
    public void Filament_grams_come_from_slicer_weight_and_used_share()
    {
        var report = MoonrakerJobMapper.ToReport(JsonDocument.Parse(
            """{"job_id":"0000A7","filename":"farm/bracket.gcode","status":"cancelled","start_time":1735000100.52,"end_time":1735004520.91,"print_duration":4211.7,"total_duration":4420.4,"filament_used":2600.05,"metadata":{"size":2048123,"filament_total":5200.1,"filament_weight_total":15.5}}""").RootElement)!;

        Assert.Equal(7.75, report.FilamentUsedGrams);
        Assert.Equal(2048123, report.FileSize);
    }

    [Fact]
    public void Merge_updates_one_level_keeps_absent_fields_and_replaces_values_whole()
    {
        var state = new MoonrakerObjectState();
        state.Replace(JsonDocument.Parse("""{"print_stats":{"state":"printing","info":{"total_layer":5,"current_layer":1}},"toolhead":{"position":[1,2,3,4]}}""").RootElement);
        state.Merge(JsonDocument.Parse("""{"print_stats":{"info":{"current_layer":2}},"toolhead":{"position":[5,6]},"extruder":{"temperature":200.5}}""").RootElement);

        Assert.Equal("printing", state.String("print_stats", "state"));
        Assert.False(state.Field("print_stats", "info")!.Value.TryGetProperty("total_layer", out _));
        Assert.Equal(2, state.Field("toolhead", "position")!.Value.GetArrayLength());
        Assert.Equal(200.5, state.Double("extruder", "temperature"));
    }

    [Fact]
    public void Heaters_sensors_and_fan_are_named_and_ordered()
    {
        var state = new MoonrakerObjectState();
        state.Replace(JsonDocument.Parse("""
            {"webhooks":{"state":"ready"},"print_stats":{"state":"standby","filename":""},
             "temperature_sensor chamber":{"temperature":31.2},"extruder1":{"temperature":30,"target":0},
             "heater_bed":{"temperature":59.8,"target":60},"extruder":{"temperature":214.6,"target":215},
             "heater_generic enclosure":{"temperature":40,"target":45},"fan":{"speed":0.5},"gcode_move":{"speed_factor":1.25}}
            """).RootElement);

        var status = MoonrakerStatusMapper.Map(state, KlippyCondition.Ready, null, null, null);

        Assert.Equal(["extruder", "extruder1", "heater_bed", "enclosure", "chamber"], status.Heaters.Select(h => h.Name));
        Assert.Equal(new HeaterReading("extruder", 214.6, 215), status.Heaters[0]);
        Assert.Null(status.Heaters[^1].Target);
        Assert.Equal(0.5, status.FanSpeed);
        Assert.Equal(1.25, status.SpeedFactor);
        Assert.Equal(PrinterActivity.Standby, status.Activity);
    }

    [Fact]
    public void Klippy_shutdown_maps_to_error_with_the_state_message()
    {
        var state = new MoonrakerObjectState();
        state.Replace(JsonDocument.Parse("""{"webhooks":{"state":"shutdown","state_message":"MCU 'mcu' shutdown: Timer too close"},"print_stats":{"state":"printing"}}""").RootElement);

        var status = MoonrakerStatusMapper.Map(state, KlippyCondition.Ready, null, null, null);

        Assert.Equal(PrinterActivity.Error, status.Activity);
        Assert.Equal("MCU 'mcu' shutdown: Timer too close", status.Message);
    }

    [Fact]
    public void Layers_are_estimated_from_z_and_metadata_when_the_slicer_sets_no_print_stats_info()
    {
        var state = new MoonrakerObjectState();
        state.Replace(JsonDocument.Parse("""{"print_stats":{"state":"printing","filename":"a.gcode","print_duration":600,"info":{"total_layer":null,"current_layer":null}},"gcode_move":{"gcode_position":[10,10,1.0,0]},"virtual_sdcard":{"progress":0.5}}""").RootElement);
        var metadata = new MoonrakerFileMetadata("a.gcode", 1800, 0.2, 0.3, 10.1, null, null);

        var status = MoonrakerStatusMapper.Map(state, KlippyCondition.Ready, metadata, "000003", null);

        Assert.Equal((5, 50), (status.CurrentLayer, status.TotalLayers));
        Assert.Equal(TimeSpan.FromSeconds(1200), status.Remaining);
        Assert.Equal("000003", status.JobId);
    }
}
