using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Printers.Abstractions;
using PrintStash.Printers.Supervision;

namespace PrintStash.Printers.Catalog;

/// <summary>
/// Printer configuration: validates the form, keeps slugs unique and stable, stores the secret encrypted, audits every
/// change and wakes the supervisors so the change takes effect at once.
/// </summary>
public sealed class PrinterCatalog(
    IDbContextFactory<PrintStashDbContext> contextFactory,
    IPrinterSecretProtector secrets,
    PrinterDrivers drivers,
    IAuditLog audit,
    ReconcileSignal reconcile,
    TimeProvider time) : IPrinterCatalog
{
    private const string AuditTarget = "printer";

    public async Task<IReadOnlyList<PrinterSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var printers = await context.Printers.AsNoTracking().ToListAsync(cancellationToken);
        return printers.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).Select(Summarise).ToList();
    }

    public async Task<PrinterSummary?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var printer = await context.Printers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return printer is null ? null : Summarise(printer);
    }

    public async Task<PrinterSummary?> FindBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        var clean = slug?.Trim().ToLowerInvariant() ?? string.Empty;
        if (clean.Length is 0 or > PrinterSlugs.MaxLength)
        {
            return null;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var printer = await context.Printers.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == clean, cancellationToken);
        return printer is null ? null : Summarise(printer);
    }

    public async Task<PrinterSaveResult> CreateAsync(PrinterInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        var problems = PrinterInputValidator.Validate(input, hasStoredSecret: false);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await CheckNameUniqueAsync(context, input.Name, null, problems, cancellationToken);
        if (problems.Count > 0)
        {
            return new PrinterSaveResult(null, problems);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var taken = (await context.Printers.Select(p => p.Slug).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var printer = new Printer
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name.Trim(),
            Slug = PrinterSlugs.Unique(PrinterSlugs.FromName(input.Name.Trim()), taken),
            Address = string.Empty,
            CreatedAt = now,
        };
        Apply(printer, input, now);
        context.Printers.Add(printer);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, AuditActions.PrinterCreated, AuditTarget, printer.Id.ToString(), new { name = printer.Name, kind = printer.Kind.ToString(), address = printer.Address }, cancellationToken);
        reconcile.Request();
        return new PrinterSaveResult(Summarise(printer), []);
    }

    public async Task<PrinterSaveResult> UpdateAsync(Guid id, PrinterInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var printer = await context.Printers.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (printer is null)
        {
            return new PrinterSaveResult(null, [new PrinterFieldProblem(string.Empty, "This printer no longer exists.")]);
        }

        // The stored secret belongs to the old kind; switching kind needs the new kind's secret.
        var keepsSecret = printer.ProtectedSecret is not null && printer.Kind == input.Kind;
        var problems = PrinterInputValidator.Validate(input, keepsSecret);
        await CheckNameUniqueAsync(context, input.Name, id, problems, cancellationToken);
        if (problems.Count > 0)
        {
            return new PrinterSaveResult(null, problems);
        }

        var before = new { name = printer.Name, kind = printer.Kind.ToString(), address = printer.Address, enabled = printer.Enabled };
        if (!keepsSecret && string.IsNullOrWhiteSpace(input.Secret))
        {
            printer.ProtectedSecret = null;
        }

        // The slug stays as it was: it is part of URLs that slicers and bookmarks already use.
        Apply(printer, input, time.GetUtcNow().UtcDateTime);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, AuditActions.PrinterUpdated, AuditTarget, printer.Id.ToString(), new
        {
            before,
            after = new { name = printer.Name, kind = printer.Kind.ToString(), address = printer.Address, enabled = printer.Enabled },
            secretChanged = !string.IsNullOrWhiteSpace(input.Secret),
        }, cancellationToken);
        reconcile.Request();
        return new PrinterSaveResult(Summarise(printer), []);
    }

    public async Task<bool> DeleteAsync(Guid id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var printer = await context.Printers.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (printer is null)
        {
            return false;
        }

        context.Printers.Remove(printer);
        await context.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, AuditActions.PrinterDeleted, AuditTarget, printer.Id.ToString(), new { name = printer.Name, kind = printer.Kind.ToString() }, cancellationToken);
        reconcile.Request();
        return true;
    }

    public async Task<PrinterTestResult> TestAsync(PrinterInput input, Guid? existingId, CancellationToken cancellationToken)
    {
        string? storedSecret = null;
        if (existingId is { } id && string.IsNullOrWhiteSpace(input.Secret))
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var stored = await context.Printers.AsNoTracking().Where(p => p.Id == id && p.Kind == input.Kind).Select(p => p.ProtectedSecret).FirstOrDefaultAsync(cancellationToken);
            if (stored is not null)
            {
                try
                {
                    storedSecret = secrets.Unprotect(stored);
                }
                catch (Exception)
                {
                    return PrinterTestResult.Problem(nameof(PrinterInput.Secret), "The stored key cannot be decrypted; enter it again.");
                }
            }
        }

        var problems = PrinterInputValidator.Validate(input, storedSecret is not null);
        if (problems.Count > 0)
        {
            return new PrinterTestResult(problems);
        }

        if (drivers.For(input.Kind) is not { } driver)
        {
            return PrinterTestResult.Problem(nameof(PrinterInput.Kind), PrinterDrivers.Missing(input.Kind));
        }

        var secret = string.IsNullOrWhiteSpace(input.Secret) ? storedSecret : input.Secret.Trim();
        var definition = new PrinterDefinition(existingId ?? Guid.Empty, input.Name.Trim(), input.Kind, input.Address.Trim(), secret,
            Blank(input.UserName), Blank(input.SerialNumber), PrinterInputValidator.NormaliseFingerprint(input.TrustedCertificateSha256));
        return await driver.TestAsync(definition, cancellationToken);
    }

    private static async Task CheckNameUniqueAsync(PrintStashDbContext context, string? name, Guid? exceptId, List<PrinterFieldProblem> problems, CancellationToken cancellationToken)
    {
        var clean = name?.Trim() ?? string.Empty;
        if (clean.Length == 0 || problems.Any(p => p.Field == nameof(PrinterInput.Name)))
        {
            return;
        }

        var names = await context.Printers.AsNoTracking().Where(p => p.Id != exceptId).Select(p => p.Name).ToListAsync(cancellationToken);
        if (names.Any(n => string.Equals(n, clean, StringComparison.CurrentCultureIgnoreCase)))
        {
            problems.Add(new PrinterFieldProblem(nameof(PrinterInput.Name), $"Another printer is already called \"{clean}\"."));
        }
    }

    private void Apply(Printer printer, PrinterInput input, DateTime now)
    {
        printer.Name = input.Name.Trim();
        printer.Kind = input.Kind;
        printer.Address = input.Address.Trim();
        if (!string.IsNullOrWhiteSpace(input.Secret))
        {
            printer.ProtectedSecret = secrets.Protect(input.Secret.Trim());
        }

        printer.UserName = Blank(input.UserName);
        printer.SerialNumber = Blank(input.SerialNumber);
        printer.TrustedCertificateSha256 = PrinterInputValidator.NormaliseFingerprint(input.TrustedCertificateSha256);
        printer.Location = Blank(input.Location);
        printer.Tags = PrinterTags.Join(input.Tags);
        printer.Enabled = input.Enabled;
        printer.UpdatedAt = now;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static PrinterSummary Summarise(Printer p) => new(
        p.Id, p.Name, p.Slug, p.Kind, p.Address, p.ProtectedSecret is not null, p.UserName, p.SerialNumber,
        p.TrustedCertificateSha256, p.Location, PrinterTags.Split(p.Tags), p.Enabled, p.CreatedAt);
}
