namespace PrintStash.Printers.Abstractions;

/// <summary>A problem tied to a form field ("Address": "host unreachable", "Secret": "access code rejected").</summary>
public sealed record PrinterFieldProblem(string Field, string Message);

/// <summary>Result of <see cref="IPrinterDriver.TestAsync"/>: ok, or field-level problems; plus what was learned.</summary>
public sealed record PrinterTestResult(IReadOnlyList<PrinterFieldProblem> Problems, string? Summary = null, string? PresentedCertificateSha256 = null)
{
    public bool Succeeded => Problems.Count == 0;

    public static PrinterTestResult Ok(string summary) => new([], summary);

    public static PrinterTestResult Problem(string field, string message) => new([new PrinterFieldProblem(field, message)]);
}
