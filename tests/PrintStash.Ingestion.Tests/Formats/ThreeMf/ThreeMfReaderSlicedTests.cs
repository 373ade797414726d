using PrintStash.Ingestion.Formats;
using PrintStash.Ingestion.Formats.Mesh;
using PrintStash.Ingestion.Formats.ThreeMf;
using PrintStash.Ingestion.Imaging;
using static PrintStash.Ingestion.Tests.Formats.ThreeMf.TestPackage;

namespace PrintStash.Ingestion.Tests.Formats.ThreeMf;

public sealed class ThreeMfReaderSlicedTests
{
    private const string SliceInfo = """
        <?xml version="1.0" encoding="UTF-8"?>
        <config>
          <header>
            <header_item key="X-BBL-Client-Type" value="slicer"/>
            <header_item key="X-BBL-Client-Version" value="01.09.00.70"/>
          </header>
          <plate>
            <metadata key="index" value="1"/>
            <metadata key="printer_model_id" value="C12"/>
            <metadata key="nozzle_diameters" value="0.4"/>
            <metadata key="prediction" value="4813"/>
            <metadata key="weight" value="45.25"/>
            <metadata key="outside" value="false"/>
            <object identify_id="123" name="Benchy" skipped="false" />
            <filament id="1" tray_info_idx="GFA00" type="PLA" color="#FFFFFF" used_m="15.09" used_g="40.10" />
            <filament id="2" tray_info_idx="GFG99" type="PETG" color="#000000" used_m="2.5" used_g="5.15" />
            <warning msg="bed_temperature_too_high_than_filament" level="1" error_code ="1000C001"  />
          </plate>
        </config>
        """;

    private const string ProjectSettings = """
        {
          "layer_height": "0.2",
          "initial_layer_print_height": "0.24",
          "nozzle_temperature": ["220", "240"],
          "curr_bed_type": "Textured PEI Plate",
          "textured_plate_temp": ["65", "70"],
          "hot_plate_temp": ["55", "80"],
          "sparse_infill_density": "15%",
          "printer_model": "Bambu Lab P1S",
          "nozzle_diameter": ["0.4"],
          "filament_type": ["PLA", "PETG"],
          "nested": { "ignored": true }
        }
        """;

    private const string ModelSettings = """
        <?xml version="1.0" encoding="UTF-8"?>
        <config>
          <object id="2">
            <metadata key="name" value="Benchy"/>
            <part id="1" subtype="normal_part"><metadata key="name" value="Benchy part"/></part>
          </object>
          <plate><metadata key="plater_id" value="1"/></plate>
        </config>
        """;

    private const string PlateGCode = """
        ; HEADER_BLOCK_START
        ; BambuStudio 01.09.00.70
        ; model printing time: 1h 18m 3s; total estimated time: 1h 20m 13s
        ; total layer number: 50
        ; total filament length [mm] : 17590.00
        ; total filament weight [g] : 45.25
        ; max_z_height: 10.00
        ; HEADER_BLOCK_END
        G28
        G1 Z0.2 F600
        G1 X10 Y10 E1 F1200
        """;

    private const string Relationships = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
         <Relationship Target="/3D/3dmodel.model" Id="rel-1" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>
         <Relationship Target="/Metadata/plate_1.png" Id="rel-2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"/>
        </Relationships>
        """;

    [Fact]
    public async Task ReadAsync_BambuSlicedPackage_ReadsSliceInfoIntoPrintMetadata()
    {
        var result = await ThreeMfReader.ReadAsync(new MemoryStream(BambuPackage(withGCode: true)), "benchy.gcode.3mf");

        var analysis = result.Analysis;
        Assert.Equal(FileKind.GCode3mf, analysis.Kind);
        var print = analysis.Print!;
        Assert.Equal(TimeSpan.FromSeconds(4813), print.EstimatedTime);
        Assert.Equal(45.25, print.FilamentWeightG!.Value, 1e-9);
        Assert.Equal(17590, print.FilamentLengthMm!.Value, 1e-6);
        Assert.Equal("PLA;PETG", print.FilamentType);
        Assert.Equal("Bambu Lab P1S", print.PrinterModel);
        Assert.Equal(0.4, print.NozzleDiameterMm);
        Assert.Equal(0.2, print.LayerHeightMm);
        Assert.Equal(0.24, print.FirstLayerHeightMm);
        Assert.Equal(220, print.NozzleTemperatureC);
        Assert.Equal(65, print.BedTemperatureC);
        Assert.Equal("15%", print.Infill);
        Assert.Equal(("BambuStudio", "01.09.00.70"), (print.Slicer, print.SlicerVersion));
    }

    [Fact]
    public async Task ReadAsync_BambuSlicedPackage_TakesLayerFactsFromEmbeddedGCode()
    {
        var result = await ThreeMfReader.ReadAsync(new MemoryStream(BambuPackage(withGCode: true)), "benchy.gcode.3mf");

        Assert.Equal(50, result.Analysis.Print!.LayerCount);
        Assert.Equal(10, result.Analysis.Print.MaxZMm);
    }

    [Fact]
    public async Task ReadAsync_BambuSlicedPackage_ExtractsPlateThumbnailsInOrder()
    {
        var result = await ThreeMfReader.ReadAsync(new MemoryStream(BambuPackage(withGCode: true)), "benchy.gcode.3mf");

        Assert.Equal(
            [(16, 16, "image/png"), (4, 4, "image/png"), (8, 8, "image/png")],
            result.Analysis.Thumbnails.Select(t => (t.Width, t.Height, t.MediaType)));
    }

    [Fact]
    public async Task ReadAsync_BambuSlicedPackage_ReportsNamesMeshAndRawValues()
    {
        var result = await ThreeMfReader.ReadAsync(new MemoryStream(BambuPackage(withGCode: true)), "benchy.gcode.3mf");

        var analysis = result.Analysis;
        Assert.Empty(analysis.Problems);
        Assert.Equal(["Benchy"], analysis.ObjectNames);
        Assert.Equal(12, analysis.Mesh!.TriangleCount);
        Assert.Equal("4813", analysis.RawValues["slice_info.plate_1.prediction"]);
        Assert.Equal("01.09.00.70", analysis.RawValues["slice_info.X-BBL-Client-Version"]);
        Assert.Equal("220;240", analysis.RawValues["nozzle_temperature"]);
        Assert.Equal("BambuStudio-01.09.00.70", analysis.RawValues["3mf.Application"]);
        Assert.False(analysis.RawValues.ContainsKey("nested"));
    }

    [Fact]
    public async Task ReadAsync_SlicedPackageWithoutGCodeSuffix_IsRecognisedByItsPlateGCode()
    {
        var result = await ThreeMfReader.ReadAsync(new MemoryStream(BambuPackage(withGCode: true)), "benchy.3mf");

        Assert.Equal(FileKind.GCode3mf, result.Analysis.Kind);
    }

    [Fact]
    public async Task ReadAsync_SlicedPackageWithoutEmbeddedGCode_UsesSliceInfoAlone()
    {
        var result = await ThreeMfReader.ReadAsync(new MemoryStream(BambuPackage(withGCode: false)), "benchy.gcode.3mf");

        var print = result.Analysis.Print!;
        Assert.Equal(TimeSpan.FromSeconds(4813), print.EstimatedTime);
        Assert.Null(print.LayerCount);
        Assert.Empty(result.Analysis.Problems);
    }

    [Fact]
    public async Task ReadAsync_ProjectWithoutSlicing_HasNoPrintMetadata()
    {
        var result = await ThreeMfReader.ReadAsync(new MemoryStream(WithModel(Model(Box(1, 1, 1, 1), Item(1)))), "part.3mf");

        Assert.Equal(FileKind.ThreeMf, result.Analysis.Kind);
        Assert.Null(result.Analysis.Print);
    }

    [Fact]
    public async Task ReadAsync_BrokenThumbnail_IsSkippedWithProblem()
    {
        var package = WithModel(Model(Box(1, 1, 1, 1), Item(1)), ("Metadata/thumbnail.png", "not a png"u8.ToArray()));

        var result = await ThreeMfReader.ReadAsync(new MemoryStream(package), "part.3mf");

        Assert.Empty(result.Analysis.Thumbnails);
        Assert.Contains(result.Analysis.Problems, p => p.Contains("not a readable PNG or JPEG", StringComparison.Ordinal));
    }

    private static byte[] BambuPackage(bool withGCode)
    {
        var objectPart = Model(Box(1, 20, 20, 20), string.Empty);
        var root = Model(
            """  <object id="2" type="model"><components><component p:path="/3D/Objects/object_1.model" objectid="1" transform="1 0 0 0 1 0 0 0 1 -10 -10 0"/></components></object>""",
            Item(2, "1 0 0 0 1 0 0 0 1 128 128 0"),
            metadata: """<metadata name="Application">BambuStudio-01.09.00.70</metadata>""");
        (string, byte[])[] entries =
        [
            Text("_rels/.rels", Relationships),
            Text("3D/3dmodel.model", root),
            Text("3D/Objects/object_1.model", objectPart),
            ("Metadata/plate_2.png", Png(8)),
            ("Metadata/plate_1_small.png", Png(4)),
            ("Metadata/plate_1.png", Png(16)),
            ("Metadata/pick_1.png", Png(16)),
            ("Metadata/top_1.png", Png(16)),
            Text("Metadata/slice_info.config", SliceInfo),
            Text("Metadata/project_settings.config", ProjectSettings),
            Text("Metadata/model_settings.config", ModelSettings),
        ];
        return withGCode ? Zip([.. entries, Text("Metadata/plate_1.gcode", PlateGCode)]) : Zip(entries);
    }

    private static byte[] Png(int size) => PngEncoder.EncodeRgba(new byte[size * size * 4], size, size);
}
