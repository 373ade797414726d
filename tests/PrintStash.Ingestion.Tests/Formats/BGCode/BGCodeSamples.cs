using PrintStash.Ingestion.Tests.Formats.GCode;
using PrintStash.Ingestion.Tests.Imaging;

namespace PrintStash.Ingestion.Tests.Formats.BGCode;

/// <summary>A PrusaSlicer-2.7-like file: the metadata PrusaSlicer's binarizer writes, three thumbnail formats, G-code blocks.</summary>
internal static class BGCodeSamples
{
    public static readonly (string, string)[] FileMetadata = [("Producer", "PrusaSlicer 2.7.1+win64")];

    public static readonly (string, string)[] PrinterMetadata =
    [
        ("printer_model", "MK4"),
        ("filament_type", "PETG"),
        ("nozzle_diameter", "0.4"),
        ("bed_temperature", "90"),
        ("brim_width", "0"),
        ("fill_density", "15%"),
        ("layer_height", "0.2"),
        ("temperature", "250"),
        ("ironing", "0"),
        ("support_material", "0"),
        ("max_layer_z", "10.2"),
        ("extruder_colour", "\"\""),
        ("objects_info", """{"objects":[{"name":"bracket_stl","polygon":[[105.0,85.0],[145.0,85.0],[145.0,125.0]]},{"name":"gear_stl","polygon":[[1,1],[2,2],[3,1]]}]}"""),
        ("filament used [mm]", "1234.56"),
        ("filament used [g]", "3.82"),
        ("estimated printing time (normal mode)", "1h 2m 3s"),
    ];

    public static readonly (string, string)[] PrintMetadata =
    [
        ("filament used [mm]", "1234.56"),
        ("filament used [cm3]", "2.97"),
        ("filament used [g]", "3.82"),
        ("filament cost", "0.09"),
        ("total filament used [g]", "3.82"),
        ("estimated printing time (normal mode)", "1h 2m 3s"),
        ("estimated first layer printing time (normal mode)", "2m 41s"),
    ];

    public static readonly (string, string)[] SlicerMetadata =
    [
        ("first_layer_height", "0.2"),
        ("layer_height", "0.2"),
        ("printer_settings_id", "Original Prusa MK4 0.4 nozzle"),
        ("temperature", "250"),
        ("start_gcode", "M140 S[first_layer_bed_temperature]\\nM104 T0 S170"),
    ];

    public static byte[] Png => GCodeText.Png(16, 12);

    /// <summary>Just enough JPEG for a size probe: SOI, APP0, SOF0 (24x18), EOI.</summary>
    public static byte[] Jpeg =>
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        0xFF, 0xC0, 0x00, 0x11, 8, 0x00, 18, 0x00, 24, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
        0xFF, 0xD9,
    ];

    public static byte[] QoiPixels => TestImages.Mixed(20, 10, 42);

    public static byte[] Qoi => ReferenceQoiEncoder.Encode(QoiPixels, 20, 10);

    public static BGCodeWriter Complete(bool checksums = true) =>
        new BGCodeWriter(checksums)
            .Metadata(BGCodeWriter.FileMetadata, FileMetadata)
            .Metadata(BGCodeWriter.PrinterMetadata, PrinterMetadata, BGCodeWriter.Deflate)
            .Image(0, 16, 12, Png)
            .Image(1, 24, 18, Jpeg)
            .Image(2, 20, 10, Qoi)
            .Metadata(BGCodeWriter.PrintMetadata, PrintMetadata, BGCodeWriter.Deflate)
            .Metadata(BGCodeWriter.SlicerMetadata, SlicerMetadata, BGCodeWriter.Deflate)
            .Block(BGCodeWriter.GCode, BGCodeWriter.Heatshrink12, new byte[2], new byte[5000], storedOverride: new byte[1200])
            .GCodeText("G1 X10 Y10 E1\n");
}
