namespace PrintStash.Web.Components;

/// <summary>
/// The browser's theme choice, kept in a cookie: "system" (follow the OS), "light" or "dark". The server renders
/// both Radzen stylesheets with media queries, so the first paint is already right and no script is needed for "system".
/// </summary>
public sealed record ThemePreference(string Mode)
{
    public const string CookieName = "printstash.theme";
    public const string System = "system";
    public const string Light = "light";
    public const string Dark = "dark";

    public static readonly IReadOnlyList<string> Modes = [System, Light, Dark];

    public string LightMedia => Mode switch
    {
        Light => "all",
        Dark => "not all",
        _ => "not all and (prefers-color-scheme: dark)",
    };

    public string DarkMedia => Mode switch
    {
        Light => "not all",
        Dark => "all",
        _ => "(prefers-color-scheme: dark)",
    };

    public static ThemePreference FromRequest(HttpRequest request) => From(request.Cookies[CookieName]);

    public static ThemePreference From(string? value) =>
        new(Modes.FirstOrDefault(m => string.Equals(m, value, StringComparison.OrdinalIgnoreCase)) ?? System);
}
