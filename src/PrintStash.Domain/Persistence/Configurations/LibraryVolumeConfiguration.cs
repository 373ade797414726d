using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class LibraryVolumeConfiguration : IEntityTypeConfiguration<LibraryVolume>
{
    public void Configure(EntityTypeBuilder<LibraryVolume> builder)
    {
        builder.ToTable("library_volumes");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Name).HasMaxLength(128);
        builder.Property(v => v.RootPath).HasMaxLength(4096);
        builder.Property(v => v.WatchMode).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.CronSchedule).HasMaxLength(128);
        builder.Property(v => v.IncludeGlobs).HasMaxLength(4000);
        builder.Property(v => v.ExcludeGlobs).HasMaxLength(4000);
        builder.Property(v => v.DeviceId).HasMaxLength(64);
        builder.Property(v => v.MarkerFile).HasMaxLength(255);
        builder.HasIndex(v => v.Name).IsUnique();
    }
}
