using System.Buffers.Binary;
using System.Text;

namespace PrintStash.Printers.Mqtt;

/// <summary>Encodes the MQTT 3.1.1 packets the client sends (and, for the simulator's tests, the ones a broker sends).</summary>
internal static class MqttPacketWriter
{
    private const int MaxRemainingLength = 268_435_455;

    public static byte[] Connect(string clientId, string? username, string? password, ushort keepAliveSeconds)
    {
        var body = new BodyBuilder();
        body.String("MQTT");
        body.Byte(4); // protocol level 3.1.1
        byte flags = 0x02; // clean session
        if (username is not null)
        {
            flags |= 0x80;
        }

        if (password is not null)
        {
            flags |= 0x40;
        }

        body.Byte(flags);
        body.UInt16(keepAliveSeconds);
        body.String(clientId);
        if (username is not null)
        {
            body.String(username);
        }

        if (password is not null)
        {
            body.String(password);
        }

        return body.ToPacket((byte)((byte)MqttPacketType.Connect << 4));
    }

    public static byte[] ConnAck(MqttConnectReturnCode code) => [(byte)MqttPacketType.ConnAck << 4, 2, 0, (byte)code];

    public static byte[] Publish(string topic, ReadOnlySpan<byte> payload, MqttQualityOfService qos, bool retain, ushort packetId)
    {
        var body = new BodyBuilder(topic.Length + payload.Length + 8);
        body.String(topic);
        if (qos != MqttQualityOfService.AtMostOnce)
        {
            body.UInt16(packetId);
        }

        body.Bytes(payload);
        var header = (byte)(((byte)MqttPacketType.Publish << 4) | ((byte)qos << 1) | (retain ? 1 : 0));
        return body.ToPacket(header);
    }

    public static byte[] PubAck(ushort packetId) => WithPacketId(MqttPacketType.PubAck, 0, packetId);

    public static byte[] Subscribe(ushort packetId, IReadOnlyList<(string Topic, MqttQualityOfService Qos)> filters)
    {
        var body = new BodyBuilder();
        body.UInt16(packetId);
        foreach (var (topic, qos) in filters)
        {
            body.String(topic);
            body.Byte((byte)qos);
        }

        return body.ToPacket(((byte)MqttPacketType.Subscribe << 4) | 0x02);
    }

    public static byte[] PingReq() => [(byte)MqttPacketType.PingReq << 4, 0];

    public static byte[] Disconnect() => [(byte)MqttPacketType.Disconnect << 4, 0];

    private static byte[] WithPacketId(MqttPacketType type, byte flags, ushort packetId) =>
        [(byte)(((byte)type << 4) | flags), 2, (byte)(packetId >> 8), (byte)packetId];

    private sealed class BodyBuilder(int capacity = 64)
    {
        private readonly MemoryStream body = new(capacity);

        public void Byte(byte value) => body.WriteByte(value);

        public void UInt16(ushort value)
        {
            Span<byte> buffer = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(buffer, value);
            body.Write(buffer);
        }

        public void String(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            if (bytes.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"MQTT strings are limited to {ushort.MaxValue} bytes; this one has {bytes.Length}.", nameof(value));
            }

            UInt16((ushort)bytes.Length);
            body.Write(bytes);
        }

        public void Bytes(ReadOnlySpan<byte> bytes) => body.Write(bytes);

        public byte[] ToPacket(int header)
        {
            var length = checked((int)body.Length);
            if (length > MaxRemainingLength)
            {
                throw new ArgumentException($"An MQTT packet holds at most {MaxRemainingLength} bytes.");
            }

            Span<byte> lengthBytes = stackalloc byte[4];
            var count = 0;
            var remaining = length;
            do
            {
                var digit = (byte)(remaining % 128);
                remaining /= 128;
                if (remaining > 0)
                {
                    digit |= 0x80;
                }

                lengthBytes[count++] = digit;
            }
            while (remaining > 0);

            var packet = new byte[1 + count + length];
            packet[0] = (byte)header;
            lengthBytes[..count].CopyTo(packet.AsSpan(1));
            body.GetBuffer().AsSpan(0, length).CopyTo(packet.AsSpan(1 + count));
            return packet;
        }
    }
}
