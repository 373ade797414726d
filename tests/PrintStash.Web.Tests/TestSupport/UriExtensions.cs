namespace PrintStash.Web.Tests.TestSupport;

internal static class UriExtensions
{
    /// <summary>"/path?query" of an absolute or relative Location header.</summary>
    public static string PathAndQueryOrOriginal(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
