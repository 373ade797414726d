namespace PrintStash.Printers.Abstractions;

/// <summary>The printer rejected the credentials; the supervisor shows "auth failed" and retries slowly.</summary>
public sealed class PrinterAuthenticationException(string message) : Exception(message);
