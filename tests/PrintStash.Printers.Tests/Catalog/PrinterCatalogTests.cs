using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Catalog;
using PrintStash.Printers.Tests.TestSupport;

namespace PrintStash.Printers.Tests.Catalog;

public sealed class PrinterCatalogTests
{
    private static readonly PrinterInput Voron = new("Voron 2.4", PrinterKind.Moonraker, "http://voron.local:7125", "secret-key", Location: "Garage", Tags: ["farm-a", "petg", "PETG", " "]);

    [Fact]
    public async Task Create_stores_the_secret_encrypted_with_a_unique_slug_and_audits()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var catalog = harness.Get<IPrinterCatalog>();

        var first = await catalog.CreateAsync(Voron, harness.Actor, CancellationToken.None);
        var second = await catalog.CreateAsync(Voron with { Name = "Voron 2.4!" }, harness.Actor, CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.Equal("voron-2-4", first.Printer!.Slug);
        Assert.Equal("voron-2-4-2", second.Printer!.Slug);
        Assert.True(first.Printer.HasSecret);
        Assert.Equal(["farm-a", "petg"], first.Printer.Tags);
        await using var context = harness.CreateContext();
        var row = await context.Printers.SingleAsync(p => p.Id == first.Printer.Id);
        Assert.NotEqual("secret-key", row.ProtectedSecret);
        Assert.Equal("secret-key", harness.Secrets.Unprotect(row.ProtectedSecret!));
        Assert.Equal(2, await context.AuditEvents.CountAsync(e => e.Action == AuditActions.PrinterCreated && e.ActorId == harness.UserId));
        Assert.DoesNotContain("secret-key", string.Join(' ', await context.AuditEvents.Select(e => e.DetailsJson).ToListAsync()));
    }

    [Theory]
    [InlineData("", PrinterKind.Moonraker, "http://a:7125", "Name")]
    [InlineData("X", PrinterKind.Moonraker, "voron.local:7125", "Address")]
    [InlineData("X", PrinterKind.Moonraker, "ftp://voron.local", "Address")]
    [InlineData("X", PrinterKind.PrusaLink, "", "Address")]
    [InlineData("X", PrinterKind.Bambu, "http://192.168.1.5", "Address")]
    [InlineData("X", PrinterKind.Bambu, "bad host name!", "Address")]
    [InlineData("X", PrinterKind.Bambu, "192.168.1.5:99999", "Address")]
    [InlineData("X", PrinterKind.Bambu, "192.168.1.5:", "Address")]
    [InlineData("X", PrinterKind.Bambu, "fe80::1]:8883", "Address")]
    [InlineData("X", (PrinterKind)42, "http://a", "Kind")]
    public async Task Create_rejects_bad_fields_with_a_problem_on_the_field(string name, PrinterKind kind, string address, string field)
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var result = await harness.Get<IPrinterCatalog>().CreateAsync(new PrinterInput(name, kind, address, "code", SerialNumber: "01S00A123"), harness.Actor, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Field == field && p.Message.Length > 10);
        await using var context = harness.CreateContext();
        Assert.Equal(0, await context.Printers.CountAsync());
    }

    [Fact]
    public async Task Bambu_needs_serial_and_access_code_and_accepts_a_plain_ip_or_one_with_a_port()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var catalog = harness.Get<IPrinterCatalog>();
        var missing = await catalog.CreateAsync(new PrinterInput("X1C", PrinterKind.Bambu, "192.168.1.50", null), harness.Actor, CancellationToken.None);
        Assert.Contains(missing.Problems, p => p.Field == nameof(PrinterInput.SerialNumber));
        Assert.Contains(missing.Problems, p => p.Field == nameof(PrinterInput.Secret));

        var ok = await catalog.CreateAsync(new PrinterInput("X1C", PrinterKind.Bambu, "192.168.1.50", "12345678", SerialNumber: "01S00A123456789"), harness.Actor, CancellationToken.None);
        Assert.True(ok.Succeeded, string.Join("; ", ok.Problems.Select(p => p.Message)));
        foreach (var (name, address) in new[] { ("Forwarded", "printers.example.net:18883"), ("Simulator", "127.0.0.1:41883"), ("V6", "[fd00::50]:8883") })
        {
            var withPort = await catalog.CreateAsync(new PrinterInput(name, PrinterKind.Bambu, address, "12345678", SerialNumber: "01S00A123456789"), harness.Actor, CancellationToken.None);
            Assert.True(withPort.Succeeded, address + ": " + string.Join("; ", withPort.Problems.Select(p => p.Message)));
        }
    }

    [Fact]
    public async Task Name_must_be_unique_ignoring_case_but_an_update_may_keep_its_own_name()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var catalog = harness.Get<IPrinterCatalog>();
        var created = await catalog.CreateAsync(Voron, harness.Actor, CancellationToken.None);

        var duplicate = await catalog.CreateAsync(Voron with { Name = "  VORON 2.4 " }, harness.Actor, CancellationToken.None);
        Assert.Contains(duplicate.Problems, p => p.Field == nameof(PrinterInput.Name));

        var update = await catalog.UpdateAsync(created.Printer!.Id, Voron with { Location = "Office" }, harness.Actor, CancellationToken.None);
        Assert.True(update.Succeeded);
    }

    [Fact]
    public async Task Update_without_a_secret_keeps_the_stored_one_and_keeps_the_slug()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var catalog = harness.Get<IPrinterCatalog>();
        var created = await catalog.CreateAsync(Voron, harness.Actor, CancellationToken.None);

        var updated = await catalog.UpdateAsync(created.Printer!.Id, Voron with { Name = "Big Voron", Secret = null }, harness.Actor, CancellationToken.None);

        Assert.True(updated.Printer!.HasSecret);
        Assert.Equal("voron-2-4", updated.Printer.Slug);
        await using var context = harness.CreateContext();
        Assert.Equal("secret-key", harness.Secrets.Unprotect((await context.Printers.SingleAsync()).ProtectedSecret!));
        Assert.Equal(1, await context.AuditEvents.CountAsync(e => e.Action == AuditActions.PrinterUpdated));
    }

    [Fact]
    public async Task Changing_kind_requires_the_new_kinds_secret()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var catalog = harness.Get<IPrinterCatalog>();
        var created = await catalog.CreateAsync(Voron, harness.Actor, CancellationToken.None);

        var result = await catalog.UpdateAsync(created.Printer!.Id, new PrinterInput("Voron 2.4", PrinterKind.Bambu, "192.168.1.9", null, SerialNumber: "ABC123"), harness.Actor, CancellationToken.None);

        Assert.Contains(result.Problems, p => p.Field == nameof(PrinterInput.Secret));
    }

    [Fact]
    public async Task Changes_reach_the_supervisors_and_the_hub()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var catalog = harness.Get<IPrinterCatalog>();
        var created = await catalog.CreateAsync(Voron, harness.Actor, CancellationToken.None);
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => harness.Hub.Find(created.Printer!.Id)?.Connection == PrinterConnectionState.Online, "online");

        await catalog.UpdateAsync(created.Printer!.Id, Voron with { Enabled = false }, harness.Actor, CancellationToken.None);
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        Assert.Equal(PrinterConnectionState.Disabled, harness.Snapshot(created.Printer.Id).Connection);

        Assert.True(await catalog.DeleteAsync(created.Printer.Id, harness.Actor, CancellationToken.None));
        Assert.False(await catalog.DeleteAsync(created.Printer.Id, harness.Actor, CancellationToken.None));
        await harness.Supervisors.ReconcileAsync(CancellationToken.None);
        Assert.Null(harness.Hub.Find(created.Printer.Id));
        await using var context = harness.CreateContext();
        Assert.Equal(1, await context.AuditEvents.CountAsync(e => e.Action == AuditActions.PrinterDeleted));
    }

    [Fact]
    public async Task Test_uses_the_stored_secret_when_the_form_leaves_it_empty()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var catalog = harness.Get<IPrinterCatalog>();
        var created = await catalog.CreateAsync(Voron, harness.Actor, CancellationToken.None);

        var result = await catalog.TestAsync(Voron with { Secret = null }, created.Printer!.Id, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("secret-key", harness.Driver.Tested!.Secret);
    }

    [Fact]
    public async Task Test_reports_bad_fields_without_calling_the_driver()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var result = await harness.Get<IPrinterCatalog>().TestAsync(Voron with { Address = "not a url" }, null, CancellationToken.None);

        Assert.Contains(result.Problems, p => p.Field == nameof(PrinterInput.Address));
        Assert.Null(harness.Driver.Tested);
    }

    [Fact]
    public async Task Find_by_slug_ignores_case_and_rejects_junk()
    {
        await using var harness = await PrintersHarness.CreateAsync();
        var catalog = harness.Get<IPrinterCatalog>();
        var created = await catalog.CreateAsync(Voron, harness.Actor, CancellationToken.None);

        Assert.Equal(created.Printer!.Id, (await catalog.FindBySlugAsync("VORON-2-4", CancellationToken.None))!.Id);
        Assert.Null(await catalog.FindBySlugAsync(new string('x', 500), CancellationToken.None));
        Assert.Null(await catalog.FindBySlugAsync("", CancellationToken.None));
    }
}
