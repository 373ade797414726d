using System.Text.Json.Nodes;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Bambu;

namespace PrintStash.Printers.Tests.Bambu;

public sealed class BambuStatusMapperTests
{
    private static readonly DateTime Now = new(2024, 12, 24, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_full_running_report_maps_onto_the_common_status()
    {
        var report = BambuPrintReport.From(Load("push_status_running.json"));

        var status = BambuStatusMapper.Map(report, null, "Bambu Lab X1C · 01.08.02.00", Now);

        Assert.Equal(PrinterActivity.Printing, status.Activity);
        Assert.Equal("bracket.gcode.3mf", status.FileName);
        Assert.Equal(0.37, status.Progress);
        Assert.Equal(TimeSpan.FromMinutes(48), status.Remaining);
        Assert.Equal((41, 212), (status.CurrentLayer, status.TotalLayers));
        Assert.Equal(1.0, status.SpeedFactor);
        Assert.Equal(1.0, status.FanSpeed);
        Assert.Equal(
            [new HeaterReading("extruder", 219.8, 220), new HeaterReading("heater_bed", 55.1, 55), new HeaterReading("chamber", 31, null)],
            status.Heaters.ToArray());
        Assert.Equal(new FilamentSlot("AMS 1 · 1", "PLA", "#0A2989", 0.82, true), status.Filaments[0]);
        Assert.Equal(4, status.Filaments.Length);
        Assert.Null(status.Filaments[1].Material);
        Assert.Equal("Bambu Lab X1C · 01.08.02.00", status.Firmware);
        Assert.True(report.SignedCommandsRequired);
    }

    [Theory]
    [InlineData("IDLE", false, PrinterActivity.Standby)]
    [InlineData("PREPARE", false, PrinterActivity.Printing)]
    [InlineData("SLICING", false, PrinterActivity.Printing)]
    [InlineData("RUNNING", false, PrinterActivity.Printing)]
    [InlineData("PAUSE", false, PrinterActivity.Paused)]
    [InlineData("FINISH", false, PrinterActivity.Complete)]
    [InlineData("FAILED", false, PrinterActivity.Error)]
    [InlineData("FAILED", true, PrinterActivity.Cancelled)]
    [InlineData("OFFLINE", false, PrinterActivity.Unknown)]
    [InlineData("", false, PrinterActivity.Unknown)]
    [InlineData("SOMETHING_NEW", false, PrinterActivity.Unknown)]
    public void Gcode_states_map_to_activities(string state, bool cancelSeen, PrinterActivity expected) =>
        Assert.Equal(expected, BambuStatusMapper.Activity(state, cancelSeen));

    [Fact]
    public void Error_codes_are_shown_in_the_wiki_format_and_the_cancel_code_in_words()
    {
        var failed = BambuStatusMapper.Map(BambuPrintReport.From(Parse("""{"gcode_state":"FAILED","print_error":117473288}""")), null, null, Now);
        var cancelled = BambuStatusMapper.Map(BambuPrintReport.From(Parse("""{"gcode_state":"FAILED","print_error":50348044}""")), null, null, Now);

        Assert.Equal("Printer error 0700_8008 (see the Bambu Lab wiki)", failed.Message);
        Assert.Equal("Cancelled by the user", cancelled.Message);
    }

    [Fact]
    public void Packed_temperatures_of_newer_models_win_over_the_flat_fields()
    {
        var report = BambuPrintReport.From(Parse("""
            {"nozzle_temper":1,"nozzle_target_temper":2,
             "device":{"extruder":{"info":[{"id":0,"temp":14418130}]},"bed":{"info":{"temp":3604535}},"ctc":{"info":{"temp":35}}}}
            """));

        Assert.Equal(
            [new BambuPrintReport.Heater("extruder", 210, 220), new BambuPrintReport.Heater("heater_bed", 55, 55), new BambuPrintReport.Heater("chamber", 35, 0)],
            report.Heaters.ToArray());
    }

    [Fact]
    public void Odd_field_types_are_tolerated()
    {
        var report = BambuPrintReport.From(Parse("""{"gcode_state":7,"mc_percent":"42","layer_num":"x","nozzle_temper":"NaN","ams":{"ams":"broken"},"vt_tray":[]}"""));

        var status = BambuStatusMapper.Map(report, null, null, Now);

        Assert.Equal(PrinterActivity.Unknown, status.Activity);
        Assert.Equal(0.42, status.Progress);
        Assert.Null(status.CurrentLayer);
        Assert.Empty(status.Heaters);
        Assert.Empty(status.Filaments);
    }

    [Fact]
    public void X1_cloud_paths_in_ram_show_the_project_name()
    {
        var report = BambuPrintReport.From(Parse("""{"gcode_file":"/data/Metadata/plate_1.gcode","subtask_name":"Benchy"}"""));

        Assert.Equal("Benchy", BambuStatusMapper.FileName(report));
    }

    private static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Bambu", name)))!["print"]!.AsObject();

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
