namespace PrintStash.Printers.Ftps;

/// <summary>An FTPS operation failed; <see cref="Reply"/> holds the server's words when it gave any.</summary>
public sealed class FtpsException(FtpsFailure failure, string message, FtpReply? reply = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public FtpsFailure Failure { get; } = failure;

    public FtpReply? Reply { get; } = reply;
}

public enum FtpsFailure
{
    /// <summary>The server is not an FTP server or broke the protocol.</summary>
    Protocol,

    /// <summary>USER/PASS refused: wrong user name or password (access code).</summary>
    LoginRejected,

    /// <summary>The server refused PBSZ/PROT P (no encrypted data channel) or passive mode.</summary>
    Unsupported,

    /// <summary>STOR refused or the transfer failed.</summary>
    UploadRefused,

    /// <summary>RETR refused, the transfer failed, or the file exceeded the allowed size.</summary>
    DownloadRefused,

    /// <summary>The control connection dropped or timed out.</summary>
    ConnectionLost,
}

/// <summary>An FTP reply: three-digit code and its text (lines of a multi-line reply joined by newlines).</summary>
public sealed record FtpReply(int Code, string Text)
{
    public bool IsPositivePreliminary => Code is >= 100 and < 200;

    public bool IsPositiveCompletion => Code is >= 200 and < 300;

    public bool IsPositiveIntermediate => Code is >= 300 and < 400;

    public override string ToString() => $"{Code} {Text}";
}
