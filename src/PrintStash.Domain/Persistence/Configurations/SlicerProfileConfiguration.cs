using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class SlicerProfileConfiguration : IEntityTypeConfiguration<SlicerProfile>
{
    public const int MaxContentLength = 1_000_000;

    public void Configure(EntityTypeBuilder<SlicerProfile> builder)
    {
        builder.ToTable("slicer_profiles");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(128);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Format).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Content).HasMaxLength(MaxContentLength);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.CreatedById).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(p => new { p.Kind, p.Name }).IsUnique();
    }
}
