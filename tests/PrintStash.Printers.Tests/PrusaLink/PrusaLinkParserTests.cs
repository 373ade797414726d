using System.Text.Json;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.PrusaLink;

namespace PrintStash.Printers.Tests.PrusaLink;

/// <summary>The driver's reading of the payloads documented in protocols.md §3 (files under TestData/).</summary>
public sealed class PrusaLinkParserTests
{
    [Fact]
    public void Printing_status_and_job_map_onto_the_common_status()
    {
        var status = Load<PrusaLinkStatusResponse>("status_printing.json");
        var job = Load<PrusaLinkJob>("job_printing.json");

        var mapped = PrusaLinkStatusMapper.Map(status, job, "MK4 · PrusaLink");

        Assert.Equal(PrinterActivity.Printing, mapped.Activity);
        Assert.Equal("512", mapped.JobId);
        Assert.Equal("bracket_0.2mm_PLA_MK4_1h32m.bgcode", mapped.FileName);
        Assert.Equal(0.42, mapped.Progress!.Value, 6);
        Assert.Equal(TimeSpan.FromSeconds(3120), mapped.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(2290), mapped.Elapsed);
        Assert.Equal(1.0, mapped.SpeedFactor);
        Assert.Equal(4300, mapped.FanRpm);
        Assert.Equal("Receiving a file: 66 %", mapped.Message);
        Assert.Equal([new HeaterReading("extruder", 214.9, 215.0), new HeaterReading("heater_bed", 59.6, 60.0)], mapped.Heaters.ToArray());
        Assert.Equal("/thumb/l/usb/FARM/BRACKE~1.BGC", PrusaLinkStatusMapper.ThumbnailReference(job));
        Assert.Equal("usb", PrusaLinkIdentity.PickStorage(null, status.Storage));
    }

    [Fact]
    public void Raspberry_Pi_status_with_a_storage_array_is_idle_and_picks_the_writable_storage()
    {
        var status = Load<PrusaLinkStatusResponse>("status_idle_rpi.json");

        var mapped = PrusaLinkStatusMapper.Map(status, null, null);

        Assert.Equal(PrinterActivity.Standby, mapped.Activity);
        Assert.Null(mapped.JobId);
        Assert.Null(mapped.Progress);
        Assert.Equal(0, mapped.FanRpm);
        Assert.Equal("local", PrusaLinkIdentity.PickStorage(null, status.Storage));
    }

    [Fact]
    public void Storage_list_gives_the_upload_storage()
    {
        Assert.Equal("usb", PrusaLinkIdentity.PickStorage(Load<PrusaLinkStorageList>("storage.json"), null));
    }

    [Fact]
    public void Version_identifies_PrusaLink_and_describes_the_printer()
    {
        var version = Load<PrusaLinkVersion>("version_rpi.json");
        var info = Load<PrusaLinkInfo>("info.json");

        Assert.True(PrusaLinkIdentity.IsPrusaLink(version));
        Assert.True(version.Capabilities!.UploadByPut);
        Assert.Equal("PrusaLink 0.8.1 · firmware 3.14.1-8237 · serial CZPX4720X004XC34242", PrusaLinkIdentity.Describe(version, info));
        Assert.False(PrusaLinkIdentity.IsPrusaLink(Load<PrusaLinkVersion>("version_octoprint.json")));
    }

    [Fact]
    public void Job_metadata_feeds_the_job_report()
    {
        var clock = new FakeTimeProvider();
        var tracker = new PrusaLinkJobTracker(clock);
        var status = Load<PrusaLinkStatusResponse>("status_printing.json");

        var report = Assert.Single(tracker.Observe(Load<PrusaLinkJob>("job_printing.json"), status));

        Assert.Equal("512", report.PrinterJobId);
        Assert.Equal(PrintJobStatus.InProgress, report.Status);
        Assert.Equal(FakeTimeProvider.DefaultStart.UtcDateTime.AddSeconds(-2290), report.StartedAt);
        Assert.Null(report.EndedAt);
        Assert.Equal(8123.4, report.FilamentUsedMm);
        Assert.Equal(24.25, report.FilamentUsedGrams);
        Assert.Equal(1843221, report.FileSize);
        Assert.Equal("PLA", JsonDocument.Parse(report.MetadataJson!).RootElement.GetProperty("filament_type").GetString());
        Assert.Empty(tracker.Observe(Load<PrusaLinkJob>("job_printing.json"), status));
    }

    [Theory]
    [InlineData("FINISHED", PrintJobStatus.Completed)]
    [InlineData("STOPPED", PrintJobStatus.Cancelled)]
    [InlineData("ERROR", PrintJobStatus.Error)]
    public void A_job_outcome_is_reported_once_with_its_end(string state, PrintJobStatus expected)
    {
        var clock = new FakeTimeProvider();
        var tracker = new PrusaLinkJobTracker(clock);
        var status = Load<PrusaLinkStatusResponse>("status_printing.json");
        var job = Load<PrusaLinkJob>("job_printing.json");
        tracker.Observe(job, status);
        clock.Advance(TimeSpan.FromMinutes(5));

        var report = Assert.Single(tracker.Observe(job with { State = state }, status));
        Assert.Empty(tracker.Observe(job with { State = state }, status));

        Assert.Equal(expected, report.Status);
        Assert.Equal(FakeTimeProvider.DefaultStart.UtcDateTime.AddMinutes(5), report.EndedAt);
        Assert.Equal(2290 + 300, report.TotalSeconds);
    }

    [Theory]
    [InlineData("IDLE", false, PrinterActivity.Standby)]
    [InlineData("READY", false, PrinterActivity.Standby)]
    [InlineData("BUSY", false, PrinterActivity.Standby)]
    [InlineData("PRINTING", true, PrinterActivity.Printing)]
    [InlineData("PAUSED", true, PrinterActivity.Paused)]
    [InlineData("FINISHED", true, PrinterActivity.Complete)]
    [InlineData("STOPPED", true, PrinterActivity.Cancelled)]
    [InlineData("ERROR", false, PrinterActivity.Error)]
    [InlineData("ATTENTION", true, PrinterActivity.Paused)]
    [InlineData("ATTENTION", false, PrinterActivity.Error)]
    [InlineData("printing", true, PrinterActivity.Printing)]
    [InlineData("SOMETHING_NEW", false, PrinterActivity.Unknown)]
    public void Every_PrusaLink_state_has_an_activity(string state, bool hasJob, PrinterActivity expected)
    {
        Assert.Equal(expected, PrusaLinkStatusMapper.Activity(PrusaLinkStatusMapper.Normalize(state), hasJob));
    }

    [Fact]
    public void Serial_prints_have_no_file_but_a_name_in_words()
    {
        var job = Load<PrusaLinkJob>("job_serial.json");

        Assert.Equal("(printing over serial)", PrusaLinkStatusMapper.FileName(job));
        Assert.Null(PrusaLinkStatusMapper.ThumbnailReference(job));
    }

    [Fact]
    public void Negative_or_missing_times_are_unknown_not_errors()
    {
        var status = PrusaLinkJson.Parse<PrusaLinkStatusResponse>(
            "{\"job\": {\"id\": 3, \"progress\": \"12.5\", \"time_remaining\": -1}, \"printer\": {\"state\": \"PRINTING\", \"speed\": 0}}"u8, "test");

        var mapped = PrusaLinkStatusMapper.Map(status, null, null);

        Assert.Equal(0.125, mapped.Progress);
        Assert.Null(mapped.Remaining);
        Assert.Null(mapped.Elapsed);
        Assert.Null(mapped.SpeedFactor);
        Assert.Empty(mapped.Heaters);
    }

    [Fact]
    public void The_error_payload_parses()
    {
        var error = Load<PrusaLinkError>("error.json");

        Assert.Equal("Printer is busy", error.Text);
        Assert.Equal("10108", error.Code!.Value.GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{\"printer\": ")]
    [InlineData("<html></html>")]
    public void Malformed_payloads_raise_an_error_that_names_the_endpoint(string payload)
    {
        var error = Assert.Throws<PrusaLinkException>(() => PrusaLinkJson.Parse<PrusaLinkStatusResponse>(System.Text.Encoding.UTF8.GetBytes(payload), "/api/v1/status"));

        Assert.Contains("/api/v1/status", error.Message, StringComparison.Ordinal);
        Assert.Equal(PrusaLinkFailure.Malformed, error.Failure);
    }

    [Fact]
    public void Deeply_nested_payloads_are_refused()
    {
        var nested = new string('[', 100) + new string(']', 100);

        Assert.Throws<PrusaLinkException>(() => PrusaLinkJson.Parse<PrusaLinkStatusResponse>(System.Text.Encoding.UTF8.GetBytes("{\"storage\": " + nested + ", \"printer\": {}}"), "/api/v1/status"));
    }

    [Theory]
    [InlineData("usb", "farm/bracket.bgcode", "api/v1/files/usb/farm/bracket.bgcode")]
    [InlineData("usb", "/usb/farm/bracket.bgcode", "api/v1/files/usb/farm/bracket.bgcode")]
    [InlineData("local", "my part #2 (v3).gcode", "api/v1/files/local/my%20part%20%232%20%28v3%29.gcode")]
    [InlineData("usb", "dir\\sub\\x.gcode", "api/v1/files/usb/dir/sub/x.gcode")]
    public void File_paths_are_built_per_segment(string storage, string name, string expected)
    {
        Assert.Null(PrusaLinkFilePath.TryBuild(storage, name, out var path));
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("farm/./x.gcode")]
    [InlineData("")]
    [InlineData("/")]
    public void File_paths_that_escape_are_refused(string name)
    {
        Assert.NotNull(PrusaLinkFilePath.TryBuild("usb", name, out _));
    }

    private static T Load<T>(string name) =>
        PrusaLinkJson.Parse<T>(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "PrusaLink", "TestData", name)), name);
}
