namespace PrintStash.Printers.Mqtt;

internal enum MqttPacketType : byte
{
    Connect = 1,
    ConnAck = 2,
    Publish = 3,
    PubAck = 4,
    PubRec = 5,
    PubRel = 6,
    PubComp = 7,
    Subscribe = 8,
    SubAck = 9,
    Unsubscribe = 10,
    UnsubAck = 11,
    PingReq = 12,
    PingResp = 13,
    Disconnect = 14,
}

/// <summary>One packet as read off the wire: the fixed header's type and flags plus the remaining bytes.</summary>
internal readonly record struct MqttPacket(MqttPacketType Type, byte Flags, byte[] Body);
