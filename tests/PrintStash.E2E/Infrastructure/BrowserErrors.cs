using Microsoft.Playwright;

namespace PrintStash.E2E.Infrastructure;

/// <summary>Collects console errors, uncaught page exceptions and failed requests of one page.</summary>
public sealed class BrowserErrors
{
    private readonly List<string> errors = [];
    private readonly Lock gate = new();

    public BrowserErrors(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Add($"page error: {error}");
        page.RequestFailed += (_, request) => Add($"request failed: {request.Method} {request.Url} {request.Failure}");
    }

    public IReadOnlyList<string> All
    {
        get
        {
            lock (gate)
            {
                return [.. errors];
            }
        }
    }

    private void Add(string error)
    {
        lock (gate)
        {
            errors.Add(error);
        }
    }
}
