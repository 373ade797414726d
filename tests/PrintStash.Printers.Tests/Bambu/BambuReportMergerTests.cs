using System.Text.Json.Nodes;
using PrintStash.Printers.Bambu;

namespace PrintStash.Printers.Tests.Bambu;

public sealed class BambuReportMergerTests
{
    [Fact]
    public void Merge_keeps_fields_an_incremental_report_leaves_out()
    {
        var state = Parse("""{"gcode_state":"RUNNING","mc_percent":10,"nozzle_temper":219.5}""");

        BambuReportMerger.Merge(state, Parse("""{"mc_percent":11}"""));

        Assert.Equal("""{"gcode_state":"RUNNING","mc_percent":11,"nozzle_temper":219.5}""", state.ToJsonString());
    }

    [Fact]
    public void Merge_updates_one_ams_tray_by_id_and_leaves_the_others()
    {
        var state = Parse("""{"ams":{"tray_now":"0","ams":[{"id":"0","humidity":"4","tray":[{"id":"0","tray_type":"PLA","remain":82},{"id":"1","tray_type":"PETG","remain":40}]}]}}""");

        BambuReportMerger.Merge(state, Parse("""{"ams":{"ams":[{"id":"0","tray":[{"id":"1","remain":39}]}]}}"""));

        var trays = state["ams"]!["ams"]![0]!["tray"]!.AsArray();
        Assert.Equal(2, trays.Count);
        Assert.Equal("PLA", trays[0]!["tray_type"]!.GetValue<string>());
        Assert.Equal(82, trays[0]!["remain"]!.GetValue<int>());
        Assert.Equal(("PETG", 39), (trays[1]!["tray_type"]!.GetValue<string>(), trays[1]!["remain"]!.GetValue<int>()));
        Assert.Equal("4", state["ams"]!["ams"]![0]!["humidity"]!.GetValue<string>());
        Assert.Equal("0", state["ams"]!["tray_now"]!.GetValue<string>());
    }

    [Fact]
    public void Merge_replaces_arrays_without_ids_and_adds_new_units()
    {
        var state = Parse("""{"hms":[{"attr":1,"code":2}],"stg":[1,2,3],"ams":{"ams":[{"id":"0"}]}}""");

        BambuReportMerger.Merge(state, Parse("""{"hms":[],"stg":[4],"ams":{"ams":[{"id":"1","temp":"25"}]}}"""));

        Assert.Equal("""{"hms":[],"stg":[4],"ams":{"ams":[{"id":"0"},{"id":"1","temp":"25"}]}}""", state.ToJsonString());
    }

    [Fact]
    public void Merge_does_not_share_nodes_with_the_report()
    {
        var state = new JsonObject();
        var patch = Parse("""{"ams":{"ams":[{"id":"0"}]}}""");

        BambuReportMerger.Merge(state, patch);
        patch["ams"]!["ams"]![0]!["id"] = "9";

        Assert.Equal("0", state["ams"]!["ams"]![0]!["id"]!.GetValue<string>());
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
