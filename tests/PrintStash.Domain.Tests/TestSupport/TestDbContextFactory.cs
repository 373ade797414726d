using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;

namespace PrintStash.Domain.Tests.TestSupport;

/// <summary>Builds contexts exactly as the app does, through <see cref="DatabaseConfiguration.Configure"/>.</summary>
internal sealed class TestDbContextFactory : IDbContextFactory<PrintStashDbContext>
{
    private readonly DbContextOptions<PrintStashDbContext> options;

    public TestDbContextFactory(PrintStashOptions options)
    {
        var builder = new DbContextOptionsBuilder<PrintStashDbContext>();
        DatabaseConfiguration.Configure(builder, options);
        this.options = builder.Options;
    }

    public PrintStashDbContext CreateDbContext() => new(options);
}
