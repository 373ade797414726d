using System.Text.Json;
using System.Text.Json.Nodes;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Moonraker;

namespace PrintStash.Printers.Tests.Moonraker;

/// <summary>Which of Klipper's two progress values a job follows (see <see cref="MoonrakerJobProgress"/>).</summary>
public sealed class MoonrakerJobProgressTests
{
    private readonly MoonrakerObjectState state = new();
    private readonly MoonrakerJobProgress progress = new();

    [Fact]
    public void A_job_without_M73_follows_the_file_position()
    {
        Assert.Equal(0.28, Next(PrinterActivity.Printing, sdcard: 0.28, display: 0.28));
        Assert.Equal(0.5, Next(PrinterActivity.Printing, sdcard: 0.5, display: 0.5));
    }

    [Fact]
    public void A_file_with_M73_P0_heats_up_at_zero_not_at_its_file_position()
    {
        Assert.Equal(0.0, Next(PrinterActivity.Printing, sdcard: 0.21, display: 0.0));
        Assert.Equal(0.0, Next(PrinterActivity.Printing, sdcard: 0.22, display: 0.0));
        Assert.Equal(0.01, Next(PrinterActivity.Printing, sdcard: 0.23, display: 0.01));
    }

    [Fact]
    public void A_long_pause_holds_the_last_M73_value_while_Klipper_falls_back_to_the_file_position()
    {
        Assert.Equal(0.45, Next(PrinterActivity.Printing, sdcard: 0.61, display: 0.45));
        // 5 s into the pause Klipper forgets the M73 value: display_status repeats virtual_sdcard.
        Assert.Equal(0.45, Next(PrinterActivity.Paused, sdcard: 0.61, display: 0.61));
        Assert.Equal(0.45, Next(PrinterActivity.Printing, sdcard: 0.62, display: 0.62));
        Assert.Equal(0.46, Next(PrinterActivity.Printing, sdcard: 0.63, display: 0.46));
    }

    [Fact]
    public void The_next_job_starts_afresh_and_a_finished_job_is_complete()
    {
        Assert.Equal(0.3, Next(PrinterActivity.Printing, sdcard: 0.7, display: 0.3));
        Assert.Equal(1.0, Next(PrinterActivity.Complete, sdcard: 1.0, display: 1.0));

        // A second print, of a file without M73, follows its file position again.
        Assert.Equal(0.1, Next(PrinterActivity.Printing, sdcard: 0.1, display: 0.1, file: "plain.gcode"));
        Assert.Equal(0.2, Next(PrinterActivity.Printing, sdcard: 0.2, display: 0.2, file: "plain.gcode"));
    }

    [Fact]
    public void Without_display_status_the_file_position_is_the_progress()
    {
        state.Merge(Parse("""{"virtual_sdcard": {"progress": 0.4}}"""));
        Assert.Equal(0.4, progress.Next(state, PrinterActivity.Printing, "cube.gcode"));
    }

    private double? Next(PrinterActivity activity, double sdcard, double display, string file = "cube.gcode")
    {
        var diff = new JsonObject
        {
            ["virtual_sdcard"] = new JsonObject { ["progress"] = sdcard },
            ["display_status"] = new JsonObject { ["progress"] = display },
        };
        state.Merge(Parse(diff.ToJsonString()));
        return progress.Next(state, activity, file);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
