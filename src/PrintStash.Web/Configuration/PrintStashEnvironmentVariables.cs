using System.Collections;
using Microsoft.Extensions.Configuration.CommandLine;

namespace PrintStash.Web.Configuration;

/// <summary>
/// Maps PRINTSTASH_* environment variables onto the "PrintStash" section: "__" separates sections and single
/// underscores are dropped, so PRINTSTASH_DATA_DIR sets PrintStash:DataDir and
/// PRINTSTASH_DATABASE__CONNECTION_STRING sets PrintStash:Database:ConnectionString (keys are case-insensitive).
/// </summary>
public sealed class PrintStashEnvironmentVariablesSource(IDictionary? variables = null) : IConfigurationSource
{
    public const string Prefix = "PRINTSTASH_";

    public IConfigurationProvider Build(IConfigurationBuilder builder) =>
        new PrintStashEnvironmentVariablesProvider(variables ?? Environment.GetEnvironmentVariables());
}

public sealed class PrintStashEnvironmentVariablesProvider(IDictionary variables) : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in variables)
        {
            if (entry.Key is string name && name.StartsWith(PrintStashEnvironmentVariablesSource.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                data[ToConfigurationKey(name)] = entry.Value as string;
            }
        }

        Data = data;
    }

    public static string ToConfigurationKey(string variableName)
    {
        var sections = variableName[PrintStashEnvironmentVariablesSource.Prefix.Length..]
            .Split("__", StringSplitOptions.RemoveEmptyEntries)
            .Select(section => section.Replace("_", string.Empty, StringComparison.Ordinal));
        return $"{Domain.Settings.PrintStashOptions.SectionName}:{string.Join(':', sections)}";
    }

    public override string ToString() => "environment (PRINTSTASH_*)";
}

public static class PrintStashConfigurationExtensions
{
    public static IHostApplicationBuilder AddPrintStashConfiguration(this IHostApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        // Just below the application's command-line source (the last one; the first belongs to the host), so
        // PRINTSTASH_* overrides appsettings.json and command-line arguments still override PRINTSTASH_*.
        var commandLine = sources.ToList().FindLastIndex(s => s is CommandLineConfigurationSource);
        var source = new PrintStashEnvironmentVariablesSource();
        if (commandLine >= 0)
        {
            sources.Insert(commandLine, source);
        }
        else
        {
            sources.Add(source);
        }

        // IConfigurationManager only applies sources on add; force a reload so the inserted source is read.
        (builder.Configuration as IConfigurationRoot)?.Reload();
        return builder;
    }
}
