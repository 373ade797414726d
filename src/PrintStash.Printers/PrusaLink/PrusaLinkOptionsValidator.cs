using Microsoft.Extensions.Options;

namespace PrintStash.Printers.PrusaLink;

/// <summary>Reports every bad PrusaLink setting at once, at boot.</summary>
internal sealed class PrusaLinkOptionsValidator : IValidateOptions<PrusaLinkOptions>
{
    public ValidateOptionsResult Validate(string? name, PrusaLinkOptions options)
    {
        var errors = new List<string>();
        Positive(options.PollWhilePrinting, nameof(options.PollWhilePrinting), errors);
        Positive(options.PollWhileIdle, nameof(options.PollWhileIdle), errors);
        Positive(options.RequestTimeout, nameof(options.RequestTimeout), errors);
        Positive(options.UploadStallTimeout, nameof(options.UploadStallTimeout), errors);
        if (options.MaxResponseBytes < 16 * 1024)
        {
            errors.Add($"{PrusaLinkOptions.SectionName}:{nameof(options.MaxResponseBytes)} must be at least 16384 bytes.");
        }

        if (options.MaxThumbnailBytes < 16 * 1024)
        {
            errors.Add($"{PrusaLinkOptions.SectionName}:{nameof(options.MaxThumbnailBytes)} must be at least 16384 bytes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(TimeSpan value, string name, List<string> errors)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1))
        {
            errors.Add($"{PrusaLinkOptions.SectionName}:{name} must be between 0 and 1 hour (e.g. 00:00:10).");
        }
    }
}
