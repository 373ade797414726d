using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PrintStash.Domain.Settings;

namespace PrintStash.Web.Slicing;

/// <summary>
/// A slicer's multipart upload: small text fields first (print, path, name, tags, ...), then one file part whose body is
/// left unread so the caller can stream it. Nothing is buffered beyond the small fields.
/// </summary>
public sealed class SlicerUploadForm
{
    public const int MaxFieldBytes = 16 * 1024;
    public const int MaxFields = 32;

    private readonly Dictionary<string, List<string>> fields = new(StringComparer.OrdinalIgnoreCase);

    private SlicerUploadForm()
    {
    }

    /// <summary>The file part's body; read it exactly once.</summary>
    public Stream? File { get; private set; }

    public string? FileName { get; private set; }

    public string? Error { get; private set; }

    public string? Field(string name) => fields.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Fields(string name) => fields.TryGetValue(name, out var values) ? values : [];

    public bool IsTrue(string name) => Field(name)?.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on";

    /// <summary>Reads up to (not into) the first file part. Fields sent after the file are not seen, as with OctoPrint.</summary>
    public static async Task<SlicerUploadForm> ReadAsync(HttpContext http, ISettingsResolver settings, CancellationToken cancellationToken)
    {
        var form = new SlicerUploadForm();
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            form.Error = "Send the file as multipart/form-data with a part named 'file'.";
            return form;
        }

        // The pipeline enforces the per-file limit while streaming; this only stops a request that is far beyond it.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = (settings.Get(SettingCatalog.MaxUploadMegabytes) + 16L) * 1024 * 1024;
        }

        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = MaxFieldBytes };
        var count = 0;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = disposition.Name.Value ?? string.Empty;
            if (disposition.IsFileDisposition() && string.Equals(name, "file", StringComparison.OrdinalIgnoreCase))
            {
                form.FileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value;
                form.File = section.Body;
                return form;
            }

            if (++count > MaxFields)
            {
                form.Error = $"At most {MaxFields} form fields may come before the file.";
                return form;
            }

            var value = await ReadSmallAsync(section.Body, cancellationToken);
            if (value is null)
            {
                form.Error = $"The form field '{name}' is too long.";
                return form;
            }

            if (!form.fields.TryGetValue(name, out var list))
            {
                form.fields[name] = list = [];
            }

            list.Add(value);
        }

        form.Error = "The request holds no file part: add the file as a part named 'file'.";
        return form;
    }

    private static async Task<string?> ReadSmallAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > MaxFieldBytes)
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
