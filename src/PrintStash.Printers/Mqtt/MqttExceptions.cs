namespace PrintStash.Printers.Mqtt;

/// <summary>The broker answered CONNECT with a refusal.</summary>
public sealed class MqttConnectRefusedException(MqttConnectReturnCode returnCode)
    : Exception(Describe(returnCode))
{
    public MqttConnectReturnCode ReturnCode { get; } = returnCode;

    public bool IsAuthenticationFailure => ReturnCode is MqttConnectReturnCode.BadUsernameOrPassword or MqttConnectReturnCode.NotAuthorized;

    private static string Describe(MqttConnectReturnCode code) => code switch
    {
        MqttConnectReturnCode.UnacceptableProtocolVersion => "The broker does not speak MQTT 3.1.1.",
        MqttConnectReturnCode.IdentifierRejected => "The broker rejected the client id.",
        MqttConnectReturnCode.ServerUnavailable => "The broker is up but its MQTT service is unavailable.",
        MqttConnectReturnCode.BadUsernameOrPassword => "The broker rejected the user name or password.",
        MqttConnectReturnCode.NotAuthorized => "The broker refused the login (not authorised: wrong password or access code).",
        _ => $"The broker refused the connection (return code {(int)code}).",
    };
}

public enum MqttConnectReturnCode : byte
{
    Accepted = 0,
    UnacceptableProtocolVersion = 1,
    IdentifierRejected = 2,
    ServerUnavailable = 3,
    BadUsernameOrPassword = 4,
    NotAuthorized = 5,
}

/// <summary>The peer broke the protocol (malformed or oversized packet, unexpected packet type); the connection is closed.</summary>
public sealed class MqttProtocolException(string message) : Exception(message);

/// <summary>The connection ended (broker closed it, network failure, keep-alive timeout, or the client was disposed).</summary>
public sealed class MqttConnectionClosedException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The broker answered SUBSCRIBE with a failure code (0x80), usually an ACL refusal.</summary>
public sealed class MqttSubscriptionRefusedException(string topicFilter)
    : Exception($"The broker refused the subscription to '{topicFilter}'.")
{
    public string TopicFilter { get; } = topicFilter;
}
