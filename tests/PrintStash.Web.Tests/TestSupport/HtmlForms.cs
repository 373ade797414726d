using System.Net;
using System.Text.RegularExpressions;

namespace PrintStash.Web.Tests.TestSupport;

/// <summary>Reads forms the way a browser does: the inputs Blazor rendered, hidden fields (antiforgery, _handler) included.</summary>
internal static partial class HtmlForms
{
    public const string AntiforgeryField = "__RequestVerificationToken";
    public const string HandlerField = "_handler";

    /// <summary>name → value of every input in the page (the first one wins for repeated names).</summary>
    public static Dictionary<string, string> Inputs(string html)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputTag().Matches(html))
        {
            var name = Attribute(input.Value, "name");
            if (name is not null)
            {
                inputs.TryAdd(name, Attribute(input.Value, "value") ?? string.Empty);
            }
        }

        return inputs;
    }

    /// <summary>GETs the page and returns the hidden fields of the form named <paramref name="formName"/>.</summary>
    public static async Task<Dictionary<string, string>> FetchHiddenFieldsAsync(HttpClient browser, string path, string formName)
    {
        using var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inputs = Inputs(await response.Content.ReadAsStringAsync());
        Assert.True(inputs.TryGetValue(AntiforgeryField, out var token) && token.Length > 0, $"{path} rendered no antiforgery token.");
        Assert.True(inputs.TryGetValue(HandlerField, out var handler) && handler == formName, $"{path} rendered no form named '{formName}'.");
        return new Dictionary<string, string> { [AntiforgeryField] = token!, [HandlerField] = handler! };
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, IReadOnlyDictionary<string, string> hiddenFields, IReadOnlyDictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>(hiddenFields);
        foreach (var (key, value) in fields)
        {
            all[key] = value;
        }

        using var content = new FormUrlEncodedContent(all);
        return await browser.PostAsync(path, content);
    }

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string path, string formName, IReadOnlyDictionary<string, string> fields) =>
        await PostAsync(browser, path, await FetchHiddenFieldsAsync(browser, path, formName), fields);

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $@"\s{name}=""([^""]*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InputTag();
}
