using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PrintStash.Domain.Persistence.Migrations;

/// <summary>Slicer integration: per-user "Open in slicer" choices, slicer profiles, server-side slice jobs.</summary>
[DbContext(typeof(PrintStashDbContext))]
[Migration("20261123000200_Slicing")]
public sealed class Slicing : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "user_preferences",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                OpenInSlicers = table.Column<string>(maxLength: 128, nullable: true),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_preferences", x => x.UserId);
                table.ForeignKey("FK_user_preferences_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "slicer_profiles",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 128, nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                Format = table.Column<string>(maxLength: 16, nullable: false),
                Content = table.Column<string>(maxLength: 1_000_000, nullable: false),
                CreatedById = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_slicer_profiles", x => x.Id);
                table.ForeignKey("FK_slicer_profiles_users_CreatedById", x => x.CreatedById, "users", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex(name: "IX_slicer_profiles_CreatedById", table: "slicer_profiles", column: "CreatedById");
        migrationBuilder.CreateIndex(name: "IX_slicer_profiles_Kind_Name", table: "slicer_profiles", columns: ["Kind", "Name"], unique: true);

        migrationBuilder.CreateTable(
            name: "slice_jobs",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SourceFileId = table.Column<Guid>(nullable: false),
                ModelId = table.Column<Guid>(nullable: false),
                PrinterProfileId = table.Column<Guid>(nullable: true),
                FilamentProfileId = table.Column<Guid>(nullable: true),
                ProcessProfileId = table.Column<Guid>(nullable: true),
                ProfileSummary = table.Column<string>(maxLength: 512, nullable: false),
                State = table.Column<string>(maxLength: 16, nullable: false),
                Progress = table.Column<int>(nullable: false),
                Message = table.Column<string>(maxLength: 4000, nullable: true),
                ResultFileId = table.Column<Guid>(nullable: true),
                RequestedById = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                FinishedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_slice_jobs", x => x.Id);
                table.ForeignKey("FK_slice_jobs_models_ModelId", x => x.ModelId, "models", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_slice_jobs_users_RequestedById", x => x.RequestedById, "users", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_slice_jobs_vault_files_ResultFileId", x => x.ResultFileId, "vault_files", "Id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("FK_slice_jobs_vault_files_SourceFileId", x => x.SourceFileId, "vault_files", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_slice_jobs_ModelId", table: "slice_jobs", column: "ModelId");
        migrationBuilder.CreateIndex(name: "IX_slice_jobs_RequestedById", table: "slice_jobs", column: "RequestedById");
        migrationBuilder.CreateIndex(name: "IX_slice_jobs_ResultFileId", table: "slice_jobs", column: "ResultFileId");
        migrationBuilder.CreateIndex(name: "IX_slice_jobs_SourceFileId", table: "slice_jobs", column: "SourceFileId");
        migrationBuilder.CreateIndex(name: "IX_slice_jobs_State_CreatedAt", table: "slice_jobs", columns: ["State", "CreatedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "slice_jobs");
        migrationBuilder.DropTable(name: "slicer_profiles");
        migrationBuilder.DropTable(name: "user_preferences");
    }
}
