using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PrintStash.Domain.Persistence.Migrations;

/// <summary>Printers (configuration + coarse snapshot) and the job ledger.</summary>
[DbContext(typeof(PrintStashDbContext))]
[Migration("20261123000000_Printers")]
public sealed class Printers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "printers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 128, nullable: false),
                Slug = table.Column<string>(maxLength: 64, nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                Address = table.Column<string>(maxLength: 512, nullable: false),
                ProtectedSecret = table.Column<string>(maxLength: 4000, nullable: true),
                UserName = table.Column<string>(maxLength: 128, nullable: true),
                SerialNumber = table.Column<string>(maxLength: 64, nullable: true),
                TrustedCertificateSha256 = table.Column<string>(maxLength: 64, nullable: true),
                Location = table.Column<string>(maxLength: 128, nullable: true),
                Tags = table.Column<string>(maxLength: 512, nullable: true),
                Enabled = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                LastState = table.Column<string>(maxLength: 32, nullable: true),
                LastSeenAt = table.Column<DateTime>(nullable: true),
                CurrentJobId = table.Column<Guid>(nullable: true),
                SnapshotWrittenAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_printers", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_printers_Name", table: "printers", column: "Name");
        migrationBuilder.CreateIndex(name: "IX_printers_Slug", table: "printers", column: "Slug", unique: true);

        migrationBuilder.CreateTable(
            name: "print_jobs",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PrinterId = table.Column<Guid>(nullable: false),
                PrinterJobId = table.Column<string>(maxLength: 64, nullable: false),
                FileName = table.Column<string>(maxLength: 512, nullable: false),
                VaultFileId = table.Column<Guid>(nullable: true),
                UserId = table.Column<Guid>(nullable: true),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                StartedAt = table.Column<DateTime>(nullable: false),
                EndedAt = table.Column<DateTime>(nullable: true),
                PrintSeconds = table.Column<double>(nullable: false),
                TotalSeconds = table.Column<double>(nullable: false),
                FilamentUsedMm = table.Column<double>(nullable: true),
                FilamentUsedGrams = table.Column<double>(nullable: true),
                MetadataJson = table.Column<string>(nullable: true),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_print_jobs", x => x.Id);
                table.ForeignKey("FK_print_jobs_printers_PrinterId", x => x.PrinterId, "printers", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_print_jobs_vault_files_VaultFileId", x => x.VaultFileId, "vault_files", "Id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("FK_print_jobs_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex(name: "IX_print_jobs_PrinterId_PrinterJobId", table: "print_jobs", columns: ["PrinterId", "PrinterJobId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_print_jobs_PrinterId_StartedAt", table: "print_jobs", columns: ["PrinterId", "StartedAt"]);
        migrationBuilder.CreateIndex(name: "IX_print_jobs_StartedAt_Id", table: "print_jobs", columns: ["StartedAt", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_print_jobs_UserId", table: "print_jobs", column: "UserId");
        migrationBuilder.CreateIndex(name: "IX_print_jobs_VaultFileId", table: "print_jobs", column: "VaultFileId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "print_jobs");
        migrationBuilder.DropTable(name: "printers");
    }
}
