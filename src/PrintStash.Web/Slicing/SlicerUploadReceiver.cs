using PrintStash.Domain.Entities;
using PrintStash.Domain.Settings;
using PrintStash.Ingestion.Slicing;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Slicing;

/// <summary>Which form fields name the target: the hook's own names, or OctoPrint's "path".</summary>
public sealed record SlicerFieldNames(string Collection, string? Model, string? Tags, string? Name)
{
    public static readonly SlicerFieldNames Hook = new("collection", "model", "tags", "name");

    public static readonly SlicerFieldNames OctoPrint = new("path", null, null, null);
}

/// <summary>The outcome of one slicer upload; <see cref="Form"/> carries the remaining fields (e.g. "print").</summary>
public sealed record SlicerUploadOutcome(SlicedUploadResult? Result, string? Error, SlicerUploadForm? Form);

/// <summary>Reads a slicer's multipart upload and sends it through <see cref="SlicedUploadService"/>: one place for the hook and the OctoPrint API.</summary>
public sealed class SlicerUploadReceiver(SlicedUploadService uploads, CollectionPaths collectionPaths, ISettingsResolver settings)
{
    public const int MaxTags = 20;

    public async Task<SlicerUploadOutcome> ReceiveAsync(HttpContext http, SlicerFieldNames names, IngestOrigin origin, CancellationToken cancellationToken)
    {
        var form = await SlicerUploadForm.ReadAsync(http, settings, cancellationToken);
        if (form.Error is not null || form.File is null)
        {
            return new SlicerUploadOutcome(null, form.Error ?? "The request holds no file part.", form);
        }

        var fileName = names.Name is not null && form.Field(names.Name) is { Length: > 0 } chosen ? chosen : form.FileName;
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return new SlicerUploadOutcome(null, "The file part has no file name.", form);
        }

        var actor = http.Actor();
        var (collectionId, collectionError) = await collectionPaths.EnsureAsync(form.Field(names.Collection), actor, cancellationToken);
        if (collectionError is not null)
        {
            return new SlicerUploadOutcome(null, collectionError, form);
        }

        Guid? modelId = null;
        string? modelName = null;
        if (names.Model is not null && form.Field(names.Model) is { Length: > 0 } model)
        {
            if (Guid.TryParse(model, out var id))
            {
                modelId = id;
            }
            else
            {
                modelName = model.Trim();
            }
        }

        var tags = names.Tags is null
            ? []
            : form.Fields(names.Tags).SelectMany(t => t.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(t => t.Trim('"')).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxTags).ToList();

        var result = await uploads.UploadAsync(
            new SlicedUploadRequest(form.File, fileName, actor, origin) { ModelId = modelId, ModelName = modelName, CollectionId = collectionId, Tags = tags },
            cancellationToken);
        return new SlicerUploadOutcome(result, null, form);
    }
}
