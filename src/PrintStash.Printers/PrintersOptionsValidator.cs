using Microsoft.Extensions.Options;

namespace PrintStash.Printers;

/// <summary>Reports every bad printer setting at once, in words, so a misconfigured server fails at boot.</summary>
internal sealed class PrintersOptionsValidator : IValidateOptions<PrintersOptions>
{
    public ValidateOptionsResult Validate(string? name, PrintersOptions options)
    {
        var errors = new List<string>();
        Between(errors, nameof(options.BatchWindow), options.BatchWindow, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
        Between(errors, nameof(options.HistoryInterval), options.HistoryInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Between(errors, nameof(options.HistoryWindow), options.HistoryWindow, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Between(errors, nameof(options.ReconnectInitialDelay), options.ReconnectInitialDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        Between(errors, nameof(options.ReconnectMaxDelay), options.ReconnectMaxDelay, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(errors, nameof(options.AuthFailedRetryDelay), options.AuthFailedRetryDelay, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1));
        Between(errors, nameof(options.ReconcileInterval), options.ReconcileInterval, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1));
        Between(errors, nameof(options.SnapshotWriteInterval), options.SnapshotWriteInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(errors, nameof(options.StopTimeout), options.StopTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        if (options.ReconnectMaxDelay < options.ReconnectInitialDelay)
        {
            errors.Add($"{PrintersOptions.SectionName}:ReconnectMaxDelay ({options.ReconnectMaxDelay}) must not be shorter than ReconnectInitialDelay ({options.ReconnectInitialDelay}).");
        }

        if (options.HistoryInterval > options.HistoryWindow)
        {
            errors.Add($"{PrintersOptions.SectionName}:HistoryInterval must not be longer than HistoryWindow.");
        }

        if (options.SubscriberQueueLength is < 1 or > 10_000)
        {
            errors.Add($"{PrintersOptions.SectionName}:SubscriberQueueLength must be between 1 and 10000 (it is {options.SubscriberQueueLength}).");
        }

        if (options.MaxThumbnailBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add($"{PrintersOptions.SectionName}:MaxThumbnailBytes must be between 1 KB and 64 MB (it is {options.MaxThumbnailBytes}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Between(List<string> errors, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{PrintersOptions.SectionName}:{setting} must be between {min} and {max} (it is {value}).");
        }
    }
}
