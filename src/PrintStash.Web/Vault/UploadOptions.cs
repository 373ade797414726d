using System.Text;

namespace PrintStash.Web.Vault;

/// <summary>Where uploaded files go: modelId (add to a model) or a new model (modelName, collectionId), plus tags.</summary>
public sealed class UploadOptions
{
    public Guid? ModelId { get; private set; }

    public Guid? CollectionId { get; private set; }

    public string? ModelName { get; private set; }

    public List<string> Tags { get; } = [];

    /// <summary>The first problem found in the query string, if any.</summary>
    public string? Error { get; private set; }

    public static UploadOptions FromQuery(IQueryCollection query)
    {
        var options = new UploadOptions();
        foreach (var (key, values) in query)
        {
            foreach (var value in values)
            {
                options.Error ??= options.Apply(key, value);
            }
        }

        return options;
    }

    /// <summary>Reads a small form field; returns an error for an oversized or malformed one.</summary>
    public async Task<string?> ReadFieldAsync(string? name, Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MultipartUpload.MaxFieldBytes + 1];
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > MultipartUpload.MaxFieldBytes)
            {
                return $"The form field '{name}' is too long.";
            }
        }

        return Apply(name, Encoding.UTF8.GetString(buffer, 0, length));
    }

    private string? Apply(string? key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        switch (key?.ToLowerInvariant())
        {
            case "modelid":
                if (!Guid.TryParse(value, out var modelId))
                {
                    return $"modelId '{value}' is not a model id.";
                }

                ModelId = modelId;
                break;
            case "collectionid":
                if (!Guid.TryParse(value, out var collectionId))
                {
                    return $"collectionId '{value}' is not a collection id.";
                }

                CollectionId = collectionId;
                break;
            case "modelname":
                ModelName = value.Trim();
                break;
            case "tags":
            case "tag":
                Tags.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                break;
        }

        return null;
    }
}
