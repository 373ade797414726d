using Microsoft.Extensions.Options;

namespace PrintStash.Web.Hosting;

/// <summary>Thrown when the server cannot start for a reason the person running it can fix.</summary>
public sealed class StartupFailedException(string message, Exception? inner = null) : Exception(message, inner);

public static class StartupFailure
{
    public const int ExitCode = 2;

    /// <summary>Checks every setting before anything uses one; prints all problems at once.</summary>
    public static bool ConfigurationIsValid(WebApplication app)
    {
        try
        {
            _ = app.Services.GetRequiredService<IOptions<PrintStash.Domain.Settings.PrintStashOptions>>().Value;
            return true;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine(Describe(ex));
            return false;
        }
    }

    /// <summary>Runs the app; a configuration or startup problem ends it with the reasons in words and exit code 2, not a stack trace.</summary>
    public static async Task<int> RunReportingAsync(WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync(Describe(ex));
            return ExitCode;
        }
        catch (StartupFailedException ex)
        {
            await Console.Error.WriteLineAsync($"PrintStash cannot start: {ex.Message}");
            return ExitCode;
        }
    }

    private static string Describe(OptionsValidationException ex) =>
        "PrintStash cannot start; fix these settings:\n  - " + string.Join("\n  - ", ex.Failures);

    /// <summary>One-shot commands print their result on stdout; logs go to stderr so scripts can capture the result alone.</summary>
    public static IHostApplicationBuilder AddCommandLineToolLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }
}
