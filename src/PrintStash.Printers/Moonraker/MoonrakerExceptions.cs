namespace PrintStash.Printers.Moonraker;

/// <summary>Moonraker answered a request with a JSON-RPC or HTTP error; <see cref="Exception.Message"/> is its text.</summary>
internal sealed class MoonrakerRequestException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;

    /// <summary>401 arrives as -32602 over JSON-RPC (Moonraker maps HTTP 401 to "invalid params").</summary>
    public bool IsUnauthorized =>
        Code == 401 || (Code == -32602 && (Message.Contains("Unauthorized", StringComparison.OrdinalIgnoreCase)
            || Message.Contains("API Key", StringComparison.OrdinalIgnoreCase)
            || Message.Contains("token", StringComparison.OrdinalIgnoreCase)));

    public bool IsNotFound => Code is 404 or -32601;
}

/// <summary>The session broke: oversized or truncated message, no answer in time, connection lost. Text is for the user.</summary>
internal sealed class MoonrakerProtocolException(string message, Exception? inner = null) : Exception(message, inner);
