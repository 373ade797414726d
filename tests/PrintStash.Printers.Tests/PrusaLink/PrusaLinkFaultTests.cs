using System.Net;
using System.Text;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.PrusaLink;
using PrintStash.Printers.Simulation.PrusaLink;

namespace PrintStash.Printers.Tests.PrusaLink;

/// <summary>Bad answers from the printer end the session with an error in words: no crash, no hang, bounded reads.</summary>
public sealed class PrusaLinkFaultTests
{
    [Fact]
    public async Task Malformed_status_JSON_ends_the_session_with_a_clear_error()
    {
        var error = await SessionErrorAsync((context, _) => PrusaLinkTestAsyncTests.Answer(context, 200, "application/json", "{\"printer\": {\"state\": \"PRINTING\", "));

        Assert.StartsWith("The printer sent malformed JSON on /api/v1/status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_without_a_printer_section_ends_the_session_with_a_clear_error()
    {
        var error = await SessionErrorAsync((context, _) => PrusaLinkTestAsyncTests.Answer(context, 200, "application/json", "{\"job\": null}"));

        Assert.Contains("no printer section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_answer_of_the_wrong_shape_ends_the_session_with_a_clear_error()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        await rig.ConnectAsync();
        rig.Simulator.Intercept = (context, _) => context.Request.RawUrl == "/api/v1/job"
            ? PrusaLinkTestAsyncTests.Answer(context, 200, "application/json", "[1, 2, 3]")
            : Task.FromResult(false);

        Assert.True((await rig.Connection!.StartAsync("bracket_0.2mm_PLA_MK4_1h32m.bgcode", CancellationToken.None)).Succeeded);

        var error = await Assert.ThrowsAsync<PrusaLinkException>(() => rig.Session!);
        Assert.StartsWith("The printer sent malformed JSON on /api/v1/job", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_answer_is_refused_after_the_size_cap_without_reading_it_all()
    {
        long written = 0;
        var error = await SessionErrorAsync(async (context, stopping) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.SendChunked = true;
            var chunk = Encoding.UTF8.GetBytes("{\"printer\": {\"state\": \"" + new string('x', 64 * 1024));
            try
            {
                while (written < 256L * 1024 * 1024 && !stopping.IsCancellationRequested)
                {
                    await context.Response.OutputStream.WriteAsync(chunk, stopping);
                    Interlocked.Add(ref written, chunk.Length);
                }
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The driver hung up, as it should.
            }

            return true;
        });

        Assert.Equal(PrusaLinkFailure.TooLarge, error.Failure);
        Assert.Equal("The printer's answer to /api/v1/status is larger than 1024 KiB; refusing to read it.", error.Message);
        Assert.True(Interlocked.Read(ref written) < 64L * 1024 * 1024, $"{written} bytes were sent before the driver hung up");
    }

    [Fact]
    public async Task A_declared_huge_answer_is_refused_before_reading()
    {
        var error = await SessionErrorAsync(async (context, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = 50L * 1024 * 1024;
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("{"));
            context.Response.Abort();
            return true;
        });

        Assert.Equal(PrusaLinkFailure.TooLarge, error.Failure);
    }

    [Fact]
    public async Task A_hanging_printer_ends_the_session_with_a_timeout()
    {
        var error = await SessionErrorAsync(
            async (_, stopping) =>
            {
                await Task.Delay(Timeout.Infinite, stopping);
                return true;
            },
            PrusaLinkRig.FastOptions(TimeSpan.FromMilliseconds(400)));

        Assert.Equal("The printer did not answer /api/v1/status within 0.4 s.", error.Message);
    }

    [Fact]
    public async Task A_connection_closed_mid_answer_ends_the_session_with_a_clear_error()
    {
        var error = await SessionErrorAsync(async (context, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = 1000;
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("{\"printer\": {\"state\": \"IDLE\""));
            await context.Response.OutputStream.FlushAsync();
            context.Response.Abort();
            return true;
        });

        Assert.Equal(PrusaLinkFailure.Unreachable, error.Failure);
        Assert.StartsWith("The connection to the printer broke during /api/v1/status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_unavailable_ends_the_session_in_words()
    {
        var error = await SessionErrorAsync((context, _) => PrusaLinkTestAsyncTests.Answer(context, 503, "text/plain", "Service Unavailable"));

        Assert.Equal("The printer answered /api/v1/status with the printer is busy or starting up (503).", error.Message);
    }

    [Fact]
    public async Task Credentials_rejected_mid_session_raise_the_authentication_exception()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        await rig.ConnectAsync();

        // The password was changed on the printer: every answer is refused with a fresh, non-stale challenge.
        rig.Simulator.Intercept = async (context, _) =>
        {
            context.Response.AddHeader("WWW-Authenticate", $"Digest realm=\"Printer API\", nonce=\"{Guid.NewGuid():N}\", qop=\"auth\", stale=false");
            return await PrusaLinkTestAsyncTests.Answer(context, 401, "text/plain", "Unauthorized");
        };

        var error = await Assert.ThrowsAsync<PrinterAuthenticationException>(() => rig.Session!);
        Assert.StartsWith("Password rejected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_thumbnail_is_skipped_and_the_session_goes_on()
    {
        var options = PrusaLinkRig.FastOptions();
        options.MaxThumbnailBytes = 100;
        await using var rig = await PrusaLinkRig.CreateAsync(options: options);
        var connection = await rig.ConnectAsync();

        Assert.True((await connection.StartAsync("bracket_0.2mm_PLA_MK4_1h32m.bgcode", CancellationToken.None)).Succeeded);
        await rig.Sink.WaitForAsync(s => s.Thumbnails.Count > 0, "the thumbnail attempt");
        rig.Clock.Advance(TimeSpan.FromMinutes(10));
        await rig.Sink.WaitForStatusAsync(s => s.Progress > 0.1, "progress after the thumbnail");

        Assert.Null(rig.Sink.Thumbnails.Single().Image);
        Assert.False(rig.Session!.IsCompleted);
    }

    [Fact]
    public async Task An_upload_the_printer_stops_taking_is_abandoned_with_a_clear_refusal()
    {
        var options = PrusaLinkRig.FastOptions();
        options.UploadStallTimeout = TimeSpan.FromMilliseconds(300);
        await using var rig = await PrusaLinkRig.CreateAsync(options: options);
        var connection = await rig.ConnectAsync();
        rig.Simulator.Intercept = async (context, stopping) =>
        {
            if (context.Request.HttpMethod != "PUT")
            {
                return false;
            }

            await Task.Delay(Timeout.Infinite, stopping); // never reads the body, never answers
            return true;
        };
        var bytes = new byte[64 * 1024 * 1024];

        var result = await connection.UploadAsync(new MemoryStream(bytes), "big.bgcode", bytes.Length, false, null, CancellationToken.None);

        Assert.Equal("The printer stopped taking the upload: nothing moved for 0.3 s.", result.Error);
        Assert.False(rig.Session!.IsCompleted);
    }

    /// <summary>Connects normally, then lets <paramref name="fault"/> answer /api/v1/status; returns the session's error.</summary>
    private static async Task<PrusaLinkException> SessionErrorAsync(
        Func<HttpListenerContext, CancellationToken, Task<bool>> fault, PrusaLinkOptions? options = null)
    {
        await using var rig = await PrusaLinkRig.CreateAsync(options: options);
        await rig.ConnectAsync();
        rig.Simulator.Intercept = (context, stopping) => context.Request.RawUrl == "/api/v1/status" ? fault(context, stopping) : Task.FromResult(false);

        var session = rig.Session!;
        var finished = await Task.WhenAny(session, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.Same(session, finished);
        return await Assert.ThrowsAsync<PrusaLinkException>(() => session);
    }
}
