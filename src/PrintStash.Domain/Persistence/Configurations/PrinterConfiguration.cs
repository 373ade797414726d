using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class PrinterConfiguration : IEntityTypeConfiguration<Printer>
{
    public void Configure(EntityTypeBuilder<Printer> builder)
    {
        builder.ToTable("printers");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(128);
        builder.Property(p => p.Slug).HasMaxLength(64);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Address).HasMaxLength(512);
        builder.Property(p => p.ProtectedSecret).HasMaxLength(4000);
        builder.Property(p => p.UserName).HasMaxLength(128);
        builder.Property(p => p.SerialNumber).HasMaxLength(64);
        builder.Property(p => p.TrustedCertificateSha256).HasMaxLength(64);
        builder.Property(p => p.Location).HasMaxLength(128);
        builder.Property(p => p.Tags).HasMaxLength(512);
        builder.Property(p => p.LastState).HasMaxLength(32);
        builder.HasIndex(p => p.Slug).IsUnique();
        builder.HasIndex(p => p.Name);
    }
}
