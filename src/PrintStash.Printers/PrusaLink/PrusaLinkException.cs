namespace PrintStash.Printers.PrusaLink;

internal enum PrusaLinkFailure
{
    Unreachable,
    Timeout,
    AuthRejected,
    HttpError,
    Malformed,
    TooLarge,
    NotPrusaLink,
    /// <summary>PrusaLink, but without the v1 API this driver speaks.</summary>
    TooOld,
}

/// <summary>A failure talking to a PrusaLink printer, with a message meant for the user.</summary>
internal sealed class PrusaLinkException(string message, PrusaLinkFailure failure, Exception? inner = null, string field = "Address")
    : Exception(message, inner)
{
    public PrusaLinkFailure Failure { get; } = failure;

    /// <summary>The add-printer form field the problem belongs to.</summary>
    public string Field { get; } = field;
}
