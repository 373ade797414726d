namespace PrintStash.Printers.Mqtt;

/// <summary>An application message received from (or sent to) the broker.</summary>
public sealed record MqttMessage(string Topic, ReadOnlyMemory<byte> Payload, MqttQualityOfService QualityOfService, bool Retain);
