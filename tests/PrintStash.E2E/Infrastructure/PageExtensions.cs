using System.Text;
using Microsoft.Playwright;

namespace PrintStash.E2E.Infrastructure;

public static class PageExtensions
{
    private static readonly TimeSpan CircuitTimeout = TimeSpan.FromSeconds(20);
    private static readonly byte[] RenderCompleted = Encoding.ASCII.GetBytes("OnRenderCompleted");

    /// <summary>Signs in through the login form and waits for the dashboard.</summary>
    public static async Task SignInAsync(this IPage page, string userName, string password)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#username").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    /// <summary>
    /// Loads <paramref name="path"/> and waits until the Blazor circuit has taken over the prerendered page: the browser
    /// reports back on the circuit's websocket that it applied the first render batch (the blazorpack message names
    /// <c>OnRenderCompleted</c>), after which event handlers are live.
    /// </summary>
    public static async Task<IResponse?> GotoInteractiveAsync(this IPage page, string path)
    {
        var rendered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnWebSocket(object? sender, IWebSocket socket)
        {
            if (socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                socket.FrameSent += (_, frame) =>
                {
                    if (IsRenderCompleted(frame))
                    {
                        rendered.TrySetResult();
                    }
                };
            }
        }

        page.WebSocket += OnWebSocket;
        try
        {
            var response = await page.GotoAsync(path);
            try
            {
                await rendered.Task.WaitAsync(CircuitTimeout);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"The Blazor circuit did not start within {CircuitTimeout.TotalSeconds} s on {page.Url}.", ex);
            }

            return response;
        }
        finally
        {
            page.WebSocket -= OnWebSocket;
        }
    }

    /// <summary>Reloads and waits for the circuit again.</summary>
    public static Task<IResponse?> ReloadInteractiveAsync(this IPage page) => page.GotoInteractiveAsync(new Uri(page.Url).PathAndQuery);

    public static Task<string?> HtmlAttributeAsync(this IPage page, string name) => page.Locator("html").GetAttributeAsync(name);

    /// <summary>Whether the stylesheet link with this id currently applies (its media query matches).</summary>
    public static Task<bool> StylesheetAppliesAsync(this IPage page, string linkId) =>
        page.EvaluateAsync<bool>("id => matchMedia(document.getElementById(id).media).matches", linkId);

    private static bool IsRenderCompleted(IWebSocketFrame frame) =>
        frame.Binary is { } binary ? binary.AsSpan().IndexOf(RenderCompleted) >= 0
        : frame.Text?.Contains("OnRenderCompleted", StringComparison.Ordinal) == true;
}
