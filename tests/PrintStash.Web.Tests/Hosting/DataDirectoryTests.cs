using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Settings;
using PrintStash.Web.Hosting;
using PrintStash.Web.Tests.TestSupport;

namespace PrintStash.Web.Tests.Hosting;

/// <summary>Guards the test host itself: each factory really runs on its own data directory, not ./data.</summary>
public sealed class DataDirectoryTests
{
    [Fact]
    public async Task DataDirectory_SetByTheTestHost_HoldsTheDatabaseAndKeys()
    {
        await using var app = new PrintStashAppFactory();

        var options = app.Services.GetRequiredService<IOptions<PrintStashOptions>>().Value;
        Assert.Equal(app.DataDir, options.DataDirFullPath);
        Assert.Equal(app.DataDir, app.Services.GetRequiredService<DataDirectory>().Root);
        Assert.StartsWith(Path.GetTempPath(), app.DataDir, StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(app.DatabasePath, db.Database.GetDbConnection().DataSource);
        Assert.True(File.Exists(app.DatabasePath));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(app.DataDir, "keys"), "key-*.xml"));
    }

    [Fact]
    public async Task DataDirectory_TwoFactories_DoNotShareADatabase()
    {
        await using var first = new PrintStashAppFactory();
        await using var second = new PrintStashAppFactory();

        await first.CreateUserAsync(Domain.Entities.UserRole.Admin, "only-in-first");
        await using var db = await second.CreateDbContextAsync();

        Assert.NotEqual(first.DataDir, second.DataDir);
        Assert.False(await db.Users.AnyAsync());
    }
}
