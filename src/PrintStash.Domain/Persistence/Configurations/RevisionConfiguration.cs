using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<Revision>
{
    public void Configure(EntityTypeBuilder<Revision> builder)
    {
        builder.ToTable("revisions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Label).HasMaxLength(128);
        builder.HasIndex(r => new { r.ModelId, r.Number }).IsUnique();
        builder.HasMany(r => r.Files).WithOne(f => f.Revision).HasForeignKey(f => f.RevisionId).OnDelete(DeleteBehavior.Restrict);
    }
}
