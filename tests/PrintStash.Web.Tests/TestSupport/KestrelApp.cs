using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace PrintStash.Web.Tests.TestSupport;

/// <summary>The app on a real loopback port (Kestrel, port 0), for callers outside the test process: curl, slicers.</summary>
internal sealed class KestrelApp : IAsyncDisposable
{
    private KestrelApp(PrintStashAppFactory factory, Uri baseAddress)
    {
        Factory = factory;
        BaseAddress = baseAddress;
    }

    public PrintStashAppFactory Factory { get; }

    public Uri BaseAddress { get; }

    public static KestrelApp Start(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = new PrintStashAppFactory(settings: settings);
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        return new KestrelApp(factory, new Uri(address));
    }

    /// <summary>A real HTTP client (over the socket) sending <paramref name="apiKey"/>.</summary>
    public HttpClient CreateApiClient(string apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
