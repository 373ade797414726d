using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace PrintStash.Domain.Settings;

/// <summary>Turns a configuration provider into a layer name a person recognises ("appsettings.json", "environment").</summary>
internal static partial class ConfigurationLayerNames
{
    public static string Describe(IConfigurationProvider provider)
    {
        var text = provider.ToString() ?? provider.GetType().Name;
        var file = FileName().Match(text);
        if (file.Success)
        {
            return file.Groups[1].Value;
        }

        var type = provider.GetType().Name;
        return type switch
        {
            _ when type.Contains("Environment", StringComparison.Ordinal) => "environment",
            _ when type.Contains("CommandLine", StringComparison.Ordinal) => "command line",
            _ when type.Contains("Memory", StringComparison.Ordinal) => "in-memory",
            _ => text,
        };
    }

    [GeneratedRegex(@"for '([^']+)'")]
    private static partial Regex FileName();
}
