using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class SliceJobConfiguration : IEntityTypeConfiguration<SliceJob>
{
    public void Configure(EntityTypeBuilder<SliceJob> builder)
    {
        builder.ToTable("slice_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.ProfileSummary).HasMaxLength(512);
        builder.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.Message).HasMaxLength(4000);
        builder.HasOne<VaultFile>().WithMany().HasForeignKey(j => j.SourceFileId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Model>().WithMany().HasForeignKey(j => j.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<VaultFile>().WithMany().HasForeignKey(j => j.ResultFileId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(j => j.RequestedById).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => j.SourceFileId);
        builder.HasIndex(j => j.ModelId);
        builder.HasIndex(j => j.ResultFileId);
        builder.HasIndex(j => j.RequestedById);
        builder.HasIndex(j => new { j.State, j.CreatedAt });
    }
}
