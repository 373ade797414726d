using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class LibraryScanRunConfiguration : IEntityTypeConfiguration<LibraryScanRun>
{
    public void Configure(EntityTypeBuilder<LibraryScanRun> builder)
    {
        builder.ToTable("library_scan_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Scope).HasMaxLength(1000);
        builder.Property(r => r.Message).HasMaxLength(1000);
        builder.Property(r => r.ErrorDetails).HasMaxLength(20_000);
        builder.HasOne<LibraryVolume>().WithMany().HasForeignKey(r => r.VolumeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.VolumeId, r.StartedAt });
    }
}
