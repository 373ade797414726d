using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Tests.Shared;

/// <summary>Migrates a test host's database and adds the Admin its actions are attributed to.</summary>
internal static class TestHostDatabase
{
    public static async Task<Guid> InitializeWithAdminAsync(IServiceProvider services, string userName)
    {
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        var userId = Guid.NewGuid();
        await using var context = await services.GetRequiredService<IDbContextFactory<PrintStashDbContext>>().CreateDbContextAsync();
        context.Users.Add(new User
        {
            Id = userId,
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            DisplayName = char.ToUpperInvariant(userName[0]) + userName[1..],
            PasswordHash = "-",
            Role = UserRole.Admin,
            SecurityStamp = "-",
        });
        await context.SaveChangesAsync();
        return userId;
    }
}
