using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PrintStash.Domain.Persistence.Migrations;

/// <summary>Library volumes indexed in place, their scan history, and the in-place columns of files and models.</summary>
[DbContext(typeof(PrintStashDbContext))]
[Migration("20261123000100_Libraries")]
public sealed class Libraries : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "library_volumes",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 128, nullable: false),
                RootPath = table.Column<string>(maxLength: 4096, nullable: false),
                Enabled = table.Column<bool>(nullable: false),
                WatchMode = table.Column<string>(maxLength: 16, nullable: false),
                CronSchedule = table.Column<string>(maxLength: 128, nullable: true),
                IncludeGlobs = table.Column<string>(maxLength: 4000, nullable: true),
                ExcludeGlobs = table.Column<string>(maxLength: 4000, nullable: true),
                ReadOnly = table.Column<bool>(nullable: false),
                MissingGraceHours = table.Column<int>(nullable: false),
                MaxVanishPercent = table.Column<double>(nullable: false),
                DeviceId = table.Column<string>(maxLength: 64, nullable: true),
                MarkerFile = table.Column<string>(maxLength: 255, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_library_volumes", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_library_volumes_Name", table: "library_volumes", column: "Name", unique: true);

        migrationBuilder.CreateTable(
            name: "library_scan_runs",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                VolumeId = table.Column<Guid>(nullable: false),
                Trigger = table.Column<string>(maxLength: 16, nullable: false),
                Scope = table.Column<string>(maxLength: 1000, nullable: false),
                StartedAt = table.Column<DateTime>(nullable: false),
                EndedAt = table.Column<DateTime>(nullable: true),
                Seen = table.Column<int>(nullable: false),
                Added = table.Column<int>(nullable: false),
                Updated = table.Column<int>(nullable: false),
                Moved = table.Column<int>(nullable: false),
                Removed = table.Column<int>(nullable: false),
                Errors = table.Column<int>(nullable: false),
                Outcome = table.Column<string>(maxLength: 16, nullable: false),
                Message = table.Column<string>(maxLength: 1000, nullable: true),
                ErrorDetails = table.Column<string>(maxLength: 20000, nullable: true),
                PendingRemovals = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_library_scan_runs", x => x.Id);
                table.ForeignKey("FK_library_scan_runs_library_volumes_VolumeId", x => x.VolumeId, "library_volumes", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_library_scan_runs_VolumeId_StartedAt", table: "library_scan_runs", columns: ["VolumeId", "StartedAt"]);

        migrationBuilder.AddColumn<Guid>(name: "LibraryVolumeId", table: "vault_files", nullable: true);
        migrationBuilder.AddColumn<string>(name: "LibraryPath", table: "vault_files", maxLength: 4096, nullable: true);
        migrationBuilder.AddColumn<long>(name: "SourceModifiedTicks", table: "vault_files", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "MissingSince", table: "vault_files", nullable: true);
        migrationBuilder.CreateIndex(name: "IX_vault_files_LibraryVolumeId_LibraryPath", table: "vault_files", columns: ["LibraryVolumeId", "LibraryPath"]);

        migrationBuilder.AddColumn<Guid>(name: "LibraryVolumeId", table: "models", nullable: true);
        migrationBuilder.AddColumn<string>(name: "LibraryFolder", table: "models", maxLength: 4096, nullable: true);
        migrationBuilder.CreateIndex(name: "IX_models_LibraryVolumeId_LibraryFolder", table: "models", columns: ["LibraryVolumeId", "LibraryFolder"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_models_LibraryVolumeId_LibraryFolder", table: "models");
        migrationBuilder.DropColumn(name: "LibraryFolder", table: "models");
        migrationBuilder.DropColumn(name: "LibraryVolumeId", table: "models");
        migrationBuilder.DropIndex(name: "IX_vault_files_LibraryVolumeId_LibraryPath", table: "vault_files");
        migrationBuilder.DropColumn(name: "MissingSince", table: "vault_files");
        migrationBuilder.DropColumn(name: "SourceModifiedTicks", table: "vault_files");
        migrationBuilder.DropColumn(name: "LibraryPath", table: "vault_files");
        migrationBuilder.DropColumn(name: "LibraryVolumeId", table: "vault_files");
        migrationBuilder.DropTable(name: "library_scan_runs");
        migrationBuilder.DropTable(name: "library_volumes");
    }
}
