using System.Security.Cryptography;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.PrusaLink;
using PrintStash.Printers.Simulation.PrusaLink;

namespace PrintStash.Printers.Tests.PrusaLink;

public sealed class PrusaLinkAuthTests
{
    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Digest_response_matches_the_RFC_7616_examples(string algorithm, string expected)
    {
        var response = DigestChallenge.Response(
            algorithm, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qopAuth: true);

        Assert.Equal(expected, response);
    }

    [Fact]
    public void Digest_challenge_parsing_handles_quotes_commas_and_legacy_form()
    {
        Assert.True(DigestChallenge.TryParse("realm=\"Printer API\", nonce=\"a,b\\\"c\", qop=\"auth,auth-int\", opaque=\"xyz\", stale=TRUE", out var rfc));
        Assert.Equal("Printer API", rfc.Realm);
        Assert.Equal("a,b\"c", rfc.Nonce);
        Assert.True(rfc.QopAuth);
        Assert.True(rfc.Stale);
        Assert.Equal("xyz", rfc.Opaque);

        Assert.True(DigestChallenge.TryParse("realm=\"Printer API\", nonce=\"1234\", stale=false", out var buddy));
        Assert.False(buddy.QopAuth);
        Assert.False(buddy.Stale);

        Assert.False(DigestChallenge.TryParse("realm=\"x\"", out _));
        Assert.False(DigestChallenge.TryParse("realm=\"x\", nonce=\"y\", qop=\"auth-int\"", out _));
        Assert.False(DigestChallenge.TryParse("realm=\"x\", nonce=\"y\", algorithm=SHA-512-256", out _));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Digest_answers_one_challenge_then_reuses_the_nonce(bool qop)
    {
        await using var rig = await PrusaLinkRig.CreateAsync(clock => new PrusaLinkSimulatorOptions { TimeProvider = clock, DigestQop = qop });
        await rig.ConnectAsync();
        var before = rig.Simulator.AcceptedDigestAnswers;

        await rig.Sink.WaitForAsync(_ => rig.Simulator.AcceptedDigestAnswers > before + 10, "more polls");

        Assert.Equal(1, rig.Simulator.DigestChallenges);
        Assert.Contains(rig.Simulator.Requests, r => r.Headers.TryGetValue("Authorization", out var a) && a.Contains(qop ? "qop=auth" : "response=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stale_nonce_is_answered_again_and_the_session_goes_on()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        await rig.ConnectAsync();

        rig.Simulator.ExpireNonces();
        var accepted = rig.Simulator.AcceptedDigestAnswers;
        await rig.Sink.WaitForAsync(_ => rig.Simulator.StaleDigestChallenges >= 1 && rig.Simulator.AcceptedDigestAnswers > accepted + 3, "polls after the stale nonce");

        Assert.False(rig.Session!.IsCompleted);
        Assert.Equal(1, rig.Simulator.StaleDigestChallenges);
    }

    [Fact]
    public async Task A_nonce_that_expires_by_age_is_renewed()
    {
        await using var rig = await PrusaLinkRig.CreateAsync(clock => new PrusaLinkSimulatorOptions { TimeProvider = clock, NonceLifetime = TimeSpan.FromSeconds(30) });
        await rig.ConnectAsync();

        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        await rig.Sink.WaitForAsync(_ => rig.Simulator.StaleDigestChallenges >= 1, "a stale challenge");
        var accepted = rig.Simulator.AcceptedDigestAnswers;
        await rig.Sink.WaitForAsync(_ => rig.Simulator.AcceptedDigestAnswers > accepted + 3, "polls with the new nonce");

        Assert.False(rig.Session!.IsCompleted);
    }

    [Fact]
    public async Task An_upload_after_the_nonce_went_stale_still_goes_out_once()
    {
        await using var rig = await PrusaLinkRig.CreateAsync();
        var connection = await rig.ConnectAsync();
        rig.Simulator.ExpireNonces();
        var bytes = RandomNumberGenerator.GetBytes(200_000);

        var result = await connection.UploadAsync(new NonSeekableStream(new MemoryStream(bytes)), "stale.bgcode", bytes.Length, false, null, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Single(rig.Simulator.Requests, r => r.Method == "PUT");
        Assert.Equal(200_000, rig.Simulator.Files.Single(f => f.Path == "stale.bgcode").Size);
    }

    [Fact]
    public async Task A_wrong_password_ends_the_session_with_an_authentication_error()
    {
        await using var rig = await PrusaLinkRig.CreateAsync(printer: sim => PrusaLinkRig.DigestPrinter(sim, password: "wrong"));

        var error = await Assert.ThrowsAsync<PrinterAuthenticationException>(rig.ConnectAsync);

        Assert.Contains("Password rejected", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.Sink.Established);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_on_the_secret_field_and_a_wrong_user_name_is_hinted()
    {
        await using var sim = await PrusaLinkSimulator.StartAsync();
        var driver = new PrusaLinkDriver(Microsoft.Extensions.Options.Options.Create(PrusaLinkRig.FastOptions()), TimeProvider.System);

        var wrongPassword = await driver.TestAsync(PrusaLinkRig.DigestPrinter(sim, password: "nope"), CancellationToken.None);
        var wrongUser = await driver.TestAsync(PrusaLinkRig.DigestPrinter(sim, userName: "admin"), CancellationToken.None);

        var problem = Assert.Single(wrongPassword.Problems);
        Assert.Equal("Secret", problem.Field);
        Assert.StartsWith("Password rejected", problem.Message, StringComparison.Ordinal);
        Assert.Contains(wrongUser.Problems, p => p.Field == "UserName" && p.Message.Contains("'maker'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_API_key_is_sent_as_a_header_and_a_wrong_key_is_rejected()
    {
        await using var good = await PrusaLinkRig.CreateAsync(
            clock => new PrusaLinkSimulatorOptions { TimeProvider = clock, Auth = PrusaLinkSimulatorAuth.ApiKey },
            sim => PrusaLinkRig.ApiKeyPrinter(sim));
        await good.ConnectAsync();
        Assert.All(good.Simulator.Requests, r => Assert.Equal(good.Simulator.Options.ApiKey, r.Headers["X-Api-Key"]));

        await using var bad = await PrusaLinkRig.CreateAsync(
            clock => new PrusaLinkSimulatorOptions { TimeProvider = clock, Auth = PrusaLinkSimulatorAuth.ApiKey },
            sim => PrusaLinkRig.ApiKeyPrinter(sim, "wrong-key"));
        var error = await Assert.ThrowsAsync<PrinterAuthenticationException>(bad.ConnectAsync);
        Assert.Equal("API key rejected.", error.Message);

        var test = await bad.Driver.TestAsync(bad.Printer, CancellationToken.None);
        Assert.Equal(new PrinterFieldProblem("Secret", "API key rejected."), Assert.Single(test.Problems));
    }

    [Fact]
    public async Task A_key_sent_to_a_digest_printer_falls_back_to_the_maker_user()
    {
        // Buddy firmware users often paste the printer's password into the key field.
        await using var rig = await PrusaLinkRig.CreateAsync(printer: sim => PrusaLinkRig.ApiKeyPrinter(sim, sim.Options.Password));
        await rig.ConnectAsync();
        Assert.Equal(PrinterActivity.Standby, rig.Sink.Last!.Activity);

        var wrong = await rig.Driver.TestAsync(PrusaLinkRig.ApiKeyPrinter(rig.Simulator, "not-it"), CancellationToken.None);
        var problem = Assert.Single(wrong.Problems);
        Assert.Equal("Secret", problem.Field);
        Assert.Contains("user name 'maker'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Raspberry_Pi_style_printer_accepts_key_or_digest()
    {
        await using var rig = await PrusaLinkRig.CreateAsync(
            clock => new PrusaLinkSimulatorOptions { TimeProvider = clock, Auth = PrusaLinkSimulatorAuth.DigestOrApiKey, Realm = "Administrator", UserName = "pi-user" },
            sim => PrusaLinkRig.DigestPrinter(sim));

        var byDigest = await rig.Driver.TestAsync(rig.Printer, CancellationToken.None);
        var byKey = await rig.Driver.TestAsync(PrusaLinkRig.ApiKeyPrinter(rig.Simulator), CancellationToken.None);

        Assert.True(byDigest.Succeeded, string.Join("; ", byDigest.Problems));
        Assert.True(byKey.Succeeded, string.Join("; ", byKey.Problems));
    }
}
