namespace PrintStash.Web.Components.Shared;

public static class LocalUrl
{
    /// <summary>Only same-site paths may be redirect targets ("/x", never "//host" or "/\host").</summary>
    public static string OrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
