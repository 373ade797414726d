using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;

namespace PrintStash.Domain.Persistence;

public sealed class PrintStashDbContext(DbContextOptions<PrintStashDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<SettingOverride> SettingOverrides => Set<SettingOverride>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<Model> Models => Set<Model>();

    public DbSet<Revision> Revisions => Set<Revision>();

    public DbSet<VaultFile> Files => Set<VaultFile>();

    public DbSet<Blob> Blobs => Set<Blob>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Collection> Collections => Set<Collection>();

    public DbSet<Favorite> Favorites => Set<Favorite>();

    public DbSet<Printer> Printers => Set<Printer>();

    public DbSet<PrintJob> PrintJobs => Set<PrintJob>();

    public DbSet<PendingSidecar> PendingSidecars => Set<PendingSidecar>();

    public DbSet<PendingPrinterSend> PendingSends => Set<PendingPrinterSend>();

    public DbSet<LibraryVolume> LibraryVolumes => Set<LibraryVolume>();

    public DbSet<LibraryScanRun> LibraryScanRuns => Set<LibraryScanRun>();

    public DbSet<UserPreference> UserPreferences => Set<UserPreference>();

    public DbSet<SlicerProfile> SlicerProfiles => Set<SlicerProfile>();

    public DbSet<SliceJob> SliceJobs => Set<SliceJob>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PrintStashDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite hands DateTime back as Unspecified, so the kind is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
