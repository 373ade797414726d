using Microsoft.Playwright;

namespace PrintStash.E2E.Infrastructure;

/// <summary>Records the responses to a page's static assets (scripts, styles, fonts, images) that were not 200 or 304.</summary>
public sealed class AssetResponses
{
    private static readonly HashSet<string> AssetTypes = ["stylesheet", "script", "font", "image"];

    private readonly List<string> notOk = [];
    private readonly Lock gate = new();

    public AssetResponses(IPage page) =>
        page.Response += (_, response) =>
        {
            var type = response.Request.ResourceType;
            if (AssetTypes.Contains(type) && response.Status is not (200 or 304))
            {
                lock (gate)
                {
                    notOk.Add($"{response.Status} {type} {response.Url}");
                }
            }
        };

    public IReadOnlyList<string> NotOk
    {
        get
        {
            lock (gate)
            {
                return [.. notOk];
            }
        }
    }
}
