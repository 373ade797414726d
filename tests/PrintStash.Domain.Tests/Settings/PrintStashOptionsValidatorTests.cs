using PrintStash.Domain.Settings;
using PrintStash.Domain.Tests.TestSupport;

namespace PrintStash.Domain.Tests.Settings;

public sealed class PrintStashOptionsValidatorTests
{
    private readonly PrintStashOptionsValidator validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = validator.Validate(null, new PrintStashOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryErrorAtOnce()
    {
        var options = new PrintStashOptions
        {
            DataDir = "",
            Database = new DatabaseOptions { Provider = "MySql" },
            AdminUser = "admin",
        };

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.Contains("PRINTSTASH_DATA_DIR", StringComparison.Ordinal) && f.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'MySql'", StringComparison.Ordinal) && f.Contains("Sqlite, Postgres", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PRINTSTASH_ADMIN_USER and PRINTSTASH_ADMIN_PASSWORD must be set together", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Postgres", null)]
    [InlineData("postgres", "")]
    [InlineData("POSTGRES", "   ")]
    public void Validate_PostgresWithoutConnectionString_Fails(string provider, string? connectionString)
    {
        var options = new PrintStashOptions { Database = new DatabaseOptions { Provider = provider, ConnectionString = connectionString } };

        var result = validator.Validate(null, options);

        var failure = Assert.Single(result.Failures ?? []);
        Assert.Contains("PRINTSTASH_DATABASE__CONNECTION_STRING", failure, StringComparison.Ordinal);
        Assert.Contains("required when the provider is Postgres", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PostgresWithConnectionString_Succeeds()
    {
        var options = new PrintStashOptions
        {
            Database = new DatabaseOptions { Provider = "postgres", ConnectionString = "Host=db;Database=printstash;Username=printstash;Password=secret" },
        };

        Assert.True(validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_AdminPasswordTooShort_FailsWithMinimumLength()
    {
        var options = new PrintStashOptions { AdminUser = "admin", AdminPassword = "1234567" };

        var result = validator.Validate(null, options);

        var failure = Assert.Single(result.Failures ?? []);
        Assert.Contains($"at least {PrintStashOptionsValidator.MinimumPasswordLength} characters", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AdminUserAndPasswordOfMinimumLength_Succeeds()
    {
        var options = new PrintStashOptions { AdminUser = "admin", AdminPassword = "12345678" };

        Assert.True(validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_AdminPasswordWithoutUser_Fails()
    {
        var options = new PrintStashOptions { AdminPassword = "long enough password" };

        var failure = Assert.Single(validator.Validate(null, options).Failures ?? []);
        Assert.Contains("must be set together", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DataDirIsAFile_Fails()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "not-a-folder");
        File.WriteAllText(file, "x");

        var failure = Assert.Single(validator.Validate(null, new PrintStashOptions { DataDir = file }).Failures ?? []);
        Assert.Contains("is a file, not a folder", failure, StringComparison.Ordinal);
    }
}
