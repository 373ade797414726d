using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class PendingSidecarConfiguration : IEntityTypeConfiguration<PendingSidecar>
{
    public void Configure(EntityTypeBuilder<PendingSidecar> builder)
    {
        builder.ToTable("pending_sidecars");
        builder.HasKey(p => p.ModelId);
    }
}
