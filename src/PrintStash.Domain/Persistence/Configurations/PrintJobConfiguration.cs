using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class PrintJobConfiguration : IEntityTypeConfiguration<PrintJob>
{
    public void Configure(EntityTypeBuilder<PrintJob> builder)
    {
        builder.ToTable("print_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.PrinterJobId).HasMaxLength(64);
        builder.Property(j => j.FileName).HasMaxLength(512);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Printer>().WithMany().HasForeignKey(j => j.PrinterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<VaultFile>().WithMany().HasForeignKey(j => j.VaultFileId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(j => new { j.PrinterId, j.PrinterJobId }).IsUnique();
        builder.HasIndex(j => new { j.StartedAt, j.Id });
        builder.HasIndex(j => new { j.PrinterId, j.StartedAt });
        builder.HasIndex(j => j.VaultFileId);
        builder.HasIndex(j => j.UserId);
    }
}
