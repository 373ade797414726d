using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.UserName).HasMaxLength(64);
        builder.Property(u => u.NormalizedUserName).HasMaxLength(64);
        builder.HasIndex(u => u.NormalizedUserName).IsUnique();
        builder.Property(u => u.DisplayName).HasMaxLength(128);
        builder.Property(u => u.Email).HasMaxLength(256);
        builder.Property(u => u.PasswordHash).HasMaxLength(256);
        builder.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.SecurityStamp).HasMaxLength(64);
        builder.HasMany(u => u.ApiKeys).WithOne(k => k.User).HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
