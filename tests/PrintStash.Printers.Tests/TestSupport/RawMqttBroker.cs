using System.Net;
using System.Net.Sockets;

namespace PrintStash.Printers.Tests.TestSupport;

/// <summary>
/// A scripted loopback peer for the cases a real broker never produces (malformed packets, silence). It accepts one
/// client, answers CONNECT with CONNACK(0) and then runs the test's script on the socket.
/// </summary>
internal sealed class RawMqttBroker : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Task serving;
    private readonly CancellationTokenSource stop = new();

    public RawMqttBroker(Func<NetworkStream, CancellationToken, Task> afterConnAck)
    {
        listener.Start();
        serving = ServeAsync(afterConnAck);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private async Task ServeAsync(Func<NetworkStream, CancellationToken, Task> afterConnAck)
    {
        using var client = await listener.AcceptTcpClientAsync(stop.Token);
        var stream = client.GetStream();
        var one = new byte[1];
        await stream.ReadExactlyAsync(one, stop.Token); // CONNECT fixed header
        int length = 0, multiplier = 1;
        do
        {
            await stream.ReadExactlyAsync(one, stop.Token);
            length += (one[0] & 0x7F) * multiplier;
            multiplier *= 128;
        }
        while ((one[0] & 0x80) != 0);
        await stream.ReadExactlyAsync(new byte[length], stop.Token);
        await stream.WriteAsync(new byte[] { 0x20, 2, 0, 0 }, stop.Token);
        await afterConnAck(stream, stop.Token);
        // Hold the socket open until the test ends, so only the client decides to close.
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
}
