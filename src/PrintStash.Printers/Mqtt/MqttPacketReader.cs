using System.Buffers.Binary;
using System.Text;

namespace PrintStash.Printers.Mqtt;

/// <summary>
/// Reads whole packets from a stream. The remaining length is checked against the limit before anything is allocated, so a
/// hostile or broken peer announcing a huge packet costs nothing but a closed connection.
/// </summary>
internal sealed class MqttPacketReader(Stream stream, int maxPacketSize)
{
    private readonly byte[] header = new byte[1];

    /// <summary>Returns null on a clean end of stream between packets.</summary>
    public async Task<MqttPacket?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await stream.ReadAsync(header.AsMemory(0, 1), cancellationToken) == 0)
        {
            return null;
        }

        var first = header[0];
        var type = (MqttPacketType)(first >> 4);
        if (type is < MqttPacketType.Connect or > MqttPacketType.Disconnect)
        {
            throw new MqttProtocolException($"Received a packet of reserved type {first >> 4}.");
        }

        var length = 0;
        var multiplier = 1;
        for (var i = 0; ; i++)
        {
            if (i == 4)
            {
                throw new MqttProtocolException("Malformed packet: the remaining length uses more than 4 bytes.");
            }

            await stream.ReadExactlyAsync(header.AsMemory(0, 1), cancellationToken);
            length += (header[0] & 0x7F) * multiplier;
            if ((header[0] & 0x80) == 0)
            {
                break;
            }

            multiplier *= 128;
        }

        if (length > maxPacketSize)
        {
            throw new MqttProtocolException($"Received a {type} packet of {length:N0} bytes; the limit is {maxPacketSize:N0}.");
        }

        var body = length == 0 ? [] : new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return new MqttPacket(type, (byte)(first & 0x0F), body);
    }

    public static MqttMessage ParsePublish(MqttPacket packet, out ushort packetId)
    {
        var qos = (packet.Flags >> 1) & 0x03;
        if (qos > 1)
        {
            throw new MqttProtocolException(qos == 3 ? "Malformed PUBLISH: QoS 3 does not exist." : "Received a QoS 2 PUBLISH although subscriptions ask for at most QoS 1.");
        }

        var body = packet.Body;
        var topic = ReadString(body, 0, out var offset);
        if (topic.Length == 0 || topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new MqttProtocolException("Malformed PUBLISH: the topic is empty or contains wildcards.");
        }

        packetId = 0;
        if (qos == 1)
        {
            packetId = ReadUInt16(body, offset, "PUBLISH");
            offset += 2;
            if (packetId == 0)
            {
                throw new MqttProtocolException("Malformed PUBLISH: QoS 1 with packet id 0.");
            }
        }

        return new MqttMessage(topic, body.AsMemory(offset), (MqttQualityOfService)qos, (packet.Flags & 0x01) != 0);
    }

    public static ushort ReadUInt16(byte[] body, int offset, string packetName)
    {
        if (body.Length < offset + 2)
        {
            throw new MqttProtocolException($"Malformed {packetName}: too short.");
        }

        return BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(offset));
    }

    public static string ReadString(byte[] body, int offset, out int next)
    {
        var length = ReadUInt16(body, offset, "string");
        if (body.Length < offset + 2 + length)
        {
            throw new MqttProtocolException("Malformed packet: a string runs past the end of the packet.");
        }

        try
        {
            var value = new UTF8Encoding(false, true).GetString(body, offset + 2, length);
            next = offset + 2 + length;
            return value;
        }
        catch (DecoderFallbackException)
        {
            throw new MqttProtocolException("Malformed packet: a string is not valid UTF-8.");
        }
    }
}
