using System.Collections;
using PrintStash.Domain.Entities;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Configuration;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Configuration;

public sealed class PrintStashEnvironmentVariablesTests
{
    [Theory]
    [InlineData("PRINTSTASH_DATABASE__CONNECTION_STRING", "PrintStash:DATABASE:CONNECTIONSTRING", "PrintStash:Database:ConnectionString")]
    [InlineData("PRINTSTASH_DATABASE__PROVIDER", "PrintStash:DATABASE:PROVIDER", "PrintStash:Database:Provider")]
    [InlineData("PRINTSTASH_DATA_DIR", "PrintStash:DATADIR", "PrintStash:DataDir")]
    [InlineData("PRINTSTASH_ADMIN_USER", "PrintStash:ADMINUSER", "PrintStash:AdminUser")]
    [InlineData("PRINTSTASH_AUTH__MAX_FAILED_SIGN_INS", "PrintStash:AUTH:MAXFAILEDSIGNINS", "PrintStash:Auth:MaxFailedSignIns")]
    public void ToConfigurationKey_Variable_MapsOntoThePrintStashSection(string variable, string expected, string optionsKey)
    {
        var key = PrintStashEnvironmentVariablesProvider.ToConfigurationKey(variable);

        Assert.Equal(expected, key);
        Assert.Equal(optionsKey, key, ignoreCase: true);
    }

    [Fact]
    public void Load_MixedVariables_KeepsOnlyPrintStashOnes()
    {
        var provider = new PrintStashEnvironmentVariablesProvider(new Hashtable
        {
            ["PRINTSTASH_DATA_DIR"] = "/srv/printstash",
            ["printstash_database__provider"] = "Postgres",
            ["PATH"] = "/usr/bin",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });

        provider.Load();

        Assert.True(provider.TryGet("PrintStash:DataDir", out var dataDir));
        Assert.Equal("/srv/printstash", dataDir);
        Assert.True(provider.TryGet("PrintStash:Database:Provider", out var databaseProvider));
        Assert.Equal("Postgres", databaseProvider);
        Assert.Equal(["PrintStash"], provider.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SettingsResolver_ValueFromVariables_ReportsEnvironmentAsItsSource()
    {
        using var dataDir = new TempDirectory();
        var database = Path.Combine(dataDir.Path, "from-environment.db");
        var variables = new Hashtable
        {
            ["PRINTSTASH_AUTH__MAX_FAILED_SIGN_INS"] = "7",
            ["PRINTSTASH_DATABASE__CONNECTION_STRING"] = $"Data Source={database}",
        };
        await using var app = new PrintStashAppFactory(dataDir: dataDir.Path, extraSource: new PrintStashEnvironmentVariablesSource(variables));
        using var admin = await app.CreateApiClientAsync(UserRole.Admin);

        var settings = await HttpAssert.JsonAsync<List<SettingResponse>>(await admin.GetAsync("/api/v1/settings"));

        var maxFailures = settings.Single(s => s.Key == "Auth:MaxFailedSignIns");
        Assert.Equal(("7", "environment"), (maxFailures.Value, maxFailures.Source));
        var connection = settings.Single(s => s.Key == "PrintStash:Database:ConnectionString");
        Assert.Equal(("environment", $"Data Source={database}"), (connection.Source, connection.Value));
        Assert.True(File.Exists(database), "The app did not use the connection string from the variables.");
        Assert.False(File.Exists(app.DatabasePath));
    }
}
