using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class VaultFileConfiguration : IEntityTypeConfiguration<VaultFile>
{
    public void Configure(EntityTypeBuilder<VaultFile> builder)
    {
        builder.ToTable("vault_files");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.DisplayName).HasMaxLength(255);
        builder.Property(f => f.Kind).HasMaxLength(16);
        builder.Property(f => f.BlobHash).HasMaxLength(64);
        builder.Property(f => f.Origin).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.PrintStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.ThumbnailState).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.MetadataState).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Label).HasMaxLength(128);
        builder.Property(f => f.Notes).HasMaxLength(20_000);
        builder.Property(f => f.ProcessingError).HasMaxLength(1000);
        builder.Property(f => f.ThumbnailHash).HasMaxLength(64);
        builder.Property(f => f.SmallThumbnailHash).HasMaxLength(64);
        builder.Property(f => f.FilamentType).HasMaxLength(64);
        builder.Property(f => f.PrinterModel).HasMaxLength(128);
        builder.Property(f => f.Slicer).HasMaxLength(64);
        builder.HasOne<Blob>().WithMany().HasForeignKey(f => f.BlobHash).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.AddedById).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(f => new { f.ModelId, f.BlobHash });
        builder.HasIndex(f => f.RevisionId);
        builder.HasIndex(f => f.BlobHash);
        builder.HasIndex(f => f.AddedById);
        builder.HasIndex(f => new { f.DeletedAt, f.CreatedAt, f.Id });
        // No foreign key to library_volumes: SQLite cannot add one to an existing table; deleting a volume removes its rows in code.
        builder.Property(f => f.LibraryPath).HasMaxLength(4096);
        builder.HasIndex(f => new { f.LibraryVolumeId, f.LibraryPath });
    }
}
