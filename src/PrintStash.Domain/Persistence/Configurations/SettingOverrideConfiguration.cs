using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence.Configurations;

internal sealed class SettingOverrideConfiguration : IEntityTypeConfiguration<SettingOverride>
{
    public void Configure(EntityTypeBuilder<SettingOverride> builder)
    {
        builder.ToTable("setting_overrides");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(128);
        builder.Property(s => s.Value).HasMaxLength(4000);
        builder.Property(s => s.UpdatedBy).HasMaxLength(64);
    }
}
