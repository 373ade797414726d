using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Tests.TestSupport;

namespace PrintStash.Printers.Tests.Bambu;

/// <summary>Upload over FTPS to a real vsftpd (implicit TLS, session reuse required) and start with project_file over MQTT.</summary>
public sealed class BambuUploadTests
{
    [Fact]
    public async Task Upload_and_start_sends_the_file_byte_for_byte_and_prints_it()
    {
        await using var ftp = await VsftpdServer.StartAsync();
        await using var rig = await BambuTestRig.StartAsync(accessCode: VsftpdServer.Password, ftpsPort: ftp.Port);
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);
        var content = new byte[3 * 1024 * 1024 + 17];
        new Random(3).NextBytes(content);
        long lastProgress = 0;

        var result = await running.Connection.UploadAsync(new MemoryStream(content), "bracket.gcode.3mf", content.Length, startAfterUpload: true, new Progress<long>(p => lastProgress = p), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(ftp.Root, "bracket.gcode.3mf")));
        Assert.Equal("file:///sdcard/bracket.gcode.3mf", rig.Simulator.LastProjectUrl);
        await sink.WaitForJobAsync(j => j.Status == PrintJobStatus.Completed && j.FileName == "bracket.gcode.3mf", "the uploaded print to complete");
        Assert.True(lastProgress > 0);
    }

    [Fact]
    public async Task The_running_jobs_plate_picture_is_fetched_from_the_printer()
    {
        await using var ftp = await VsftpdServer.StartAsync();
        await using var rig = await BambuTestRig.StartAsync(accessCode: VsftpdServer.Password, ftpsPort: ftp.Port);
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);
        var picture = new byte[20_000];
        new Random(5).NextBytes(picture);
        var archive = SlicedProject(picture);

        var result = await running.Connection.UploadAsync(new MemoryStream(archive), "plate.gcode.3mf", archive.Length, startAfterUpload: true, null, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(picture, await sink.WaitForThumbnailAsync());
        Assert.Equal("image/png", sink.LastThumbnail!.Value.ContentType);
    }

    private static byte[] SlicedProject(byte[] plateImage)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry("Metadata/plate_1.png").Open())
            {
                entry.Write(plateImage);
            }

            using (var entry = zip.CreateEntry("Metadata/plate_1.gcode").Open())
            {
                entry.Write(System.Text.Encoding.ASCII.GetBytes("G28\nG1 X10 Y10\n"));
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task An_ftps_login_failure_is_reported_in_words_and_nothing_starts()
    {
        await using var ftp = await VsftpdServer.StartAsync();
        // The broker accepts the code, the file service does not (as if the code changed between the two).
        await using var rig = await BambuTestRig.StartAsync(accessCode: "not-the-ftp-password", ftpsPort: ftp.Port);
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);

        var result = await running.Connection.UploadAsync(new MemoryStream([1, 2, 3]), "cube.gcode.3mf", 3, startAfterUpload: true, null, CancellationToken.None);

        Assert.Equal("The printer rejected the access code for file transfer (FTPS). Re-read the LAN access code on the printer.", result.Error);
        Assert.Null(rig.Simulator.LastProjectUrl);
    }

    [Fact]
    public async Task An_unreachable_file_service_is_reported_in_words()
    {
        await using var rig = await BambuTestRig.StartAsync(ftpsPort: ExternalTool.FreeLoopbackPort());
        var sink = new RecordingSink();
        await using var running = await rig.RunAsync(sink);

        var result = await running.Connection.UploadAsync(new MemoryStream([1]), "cube.gcode.3mf", 1, startAfterUpload: false, null, CancellationToken.None);

        Assert.StartsWith("Could not reach the printer's file transfer service (FTPS, port", result.Error, StringComparison.Ordinal);
    }
}
