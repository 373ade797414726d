namespace PrintStash.Printers.Mqtt;

/// <summary>The delivery guarantees this client speaks. QoS 2 is not implemented: subscriptions ask for at most QoS 1.</summary>
public enum MqttQualityOfService : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
}
