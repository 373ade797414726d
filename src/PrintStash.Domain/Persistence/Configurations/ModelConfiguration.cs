using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> builder)
    {
        builder.ToTable("models");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Name).HasMaxLength(255);
        builder.Property(m => m.Description).HasMaxLength(20_000);
        builder.Property(m => m.Creator).HasMaxLength(255);
        builder.Property(m => m.SourceUrl).HasMaxLength(2048);
        builder.Property(m => m.License).HasMaxLength(128);
        builder.Property(m => m.Notes).HasMaxLength(20_000);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(m => m.Collection).WithMany().HasForeignKey(m => m.CollectionId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(m => m.Revisions).WithOne(r => r.Model).HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Files).WithOne(f => f.Model).HasForeignKey(f => f.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Tags).WithMany(t => t.Models).UsingEntity<Dictionary<string, object>>(
            "model_tags",
            right => right.HasOne<Tag>().WithMany().HasForeignKey("TagId").OnDelete(DeleteBehavior.Cascade),
            left => left.HasOne<Model>().WithMany().HasForeignKey("ModelId").OnDelete(DeleteBehavior.Cascade),
            join =>
            {
                join.ToTable("model_tags");
                join.HasKey("ModelId", "TagId");
                join.HasIndex("TagId");
            });
        builder.HasIndex(m => new { m.DeletedAt, m.UpdatedAt, m.Id });
        builder.HasIndex(m => m.Name);
        builder.HasIndex(m => m.CollectionId);
        builder.HasIndex(m => m.OwnerId);
        builder.Property(m => m.LibraryFolder).HasMaxLength(4096);
        builder.HasIndex(m => new { m.LibraryVolumeId, m.LibraryFolder });
    }
}
