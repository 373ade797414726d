using Microsoft.Extensions.Configuration;
using PrintStash.Domain.Settings;

namespace PrintStash.Domain.Tests.Settings;

public sealed class LiveSettingsConfigurationValidatorTests
{
    private static LiveSettingsConfigurationValidator ValidatorFor(Dictionary<string, string?> values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), new SettingCatalog());

    [Fact]
    public void Validate_reports_every_invalid_live_setting_with_its_environment_variable()
    {
        var validator = ValidatorFor(new()
        {
            ["PrintStash:Auth:MaxFailedSignIns"] = "abc",
            ["PrintStash:Trash:RetentionDays"] = "0",
            ["PrintStash:Site:Name"] = "My farm",
        });

        var result = validator.Validate(null, new PrintStashOptions());

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.Contains("PRINTSTASH_AUTH__MAX_FAILED_SIGN_INS", StringComparison.Ordinal) && f.Contains("whole number", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PRINTSTASH_TRASH__RETENTION_DAYS", StringComparison.Ordinal) && f.Contains("between 1 and 3650", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_accepts_valid_and_absent_values()
    {
        var validator = ValidatorFor(new() { ["PrintStash:Auth:LockoutMinutes"] = "30" });

        Assert.True(validator.Validate(null, new PrintStashOptions()).Succeeded);
    }

    [Theory]
    [InlineData("Auth:MaxFailedSignIns", "AUTH__MAX_FAILED_SIGN_INS")]
    [InlineData("Site:Name", "SITE__NAME")]
    [InlineData("DataDir", "DATA_DIR")]
    [InlineData("Database:ConnectionString", "DATABASE__CONNECTION_STRING")]
    public void EnvironmentVariableName_spells_keys_as_the_environment_mapping_reads_them(string key, string expected)
    {
        Assert.Equal(expected, LiveSettingsConfigurationValidator.EnvironmentVariableName(key));
    }
}
