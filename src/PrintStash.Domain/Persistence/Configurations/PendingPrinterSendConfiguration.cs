using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class PendingPrinterSendConfiguration : IEntityTypeConfiguration<PendingPrinterSend>
{
    public void Configure(EntityTypeBuilder<PendingPrinterSend> builder)
    {
        builder.ToTable("pending_sends");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.FileName).HasMaxLength(255).IsRequired();
        builder.Property(s => s.Sha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(s => new { s.PrinterId, s.SentAt });
    }
}
