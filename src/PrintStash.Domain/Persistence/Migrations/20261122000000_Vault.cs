using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PrintStash.Domain.Persistence.Migrations;

/// <summary>The vault: models, revisions, files, content-addressed blobs, tags, collections, favourites.</summary>
[DbContext(typeof(PrintStashDbContext))]
[Migration("20261122000000_Vault")]
public sealed class Vault : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "blobs",
            columns: table => new
            {
                Hash = table.Column<string>(maxLength: 64, nullable: false),
                Size = table.Column<long>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_blobs", x => x.Hash));

        migrationBuilder.CreateTable(
            name: "collections",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 128, nullable: false),
                ParentId = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_collections", x => x.Id);
                table.ForeignKey("FK_collections_collections_ParentId", x => x.ParentId, "collections", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_collections_ParentId", table: "collections", column: "ParentId");

        migrationBuilder.CreateTable(
            name: "tags",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 64, nullable: false),
                NormalizedName = table.Column<string>(maxLength: 64, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_tags", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_tags_NormalizedName", table: "tags", column: "NormalizedName", unique: true);

        migrationBuilder.CreateTable(
            name: "models",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 255, nullable: false),
                Description = table.Column<string>(maxLength: 20000, nullable: true),
                Creator = table.Column<string>(maxLength: 255, nullable: true),
                SourceUrl = table.Column<string>(maxLength: 2048, nullable: true),
                License = table.Column<string>(maxLength: 128, nullable: true),
                Notes = table.Column<string>(maxLength: 20000, nullable: true),
                OwnerId = table.Column<Guid>(nullable: false),
                CollectionId = table.Column<Guid>(nullable: true),
                CoverFileId = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                DeletedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_models", x => x.Id);
                table.ForeignKey("FK_models_collections_CollectionId", x => x.CollectionId, "collections", "Id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("FK_models_users_OwnerId", x => x.OwnerId, "users", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_models_CollectionId", table: "models", column: "CollectionId");
        migrationBuilder.CreateIndex(name: "IX_models_DeletedAt_UpdatedAt_Id", table: "models", columns: ["DeletedAt", "UpdatedAt", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_models_Name", table: "models", column: "Name");
        migrationBuilder.CreateIndex(name: "IX_models_OwnerId", table: "models", column: "OwnerId");

        migrationBuilder.CreateTable(
            name: "revisions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ModelId = table.Column<Guid>(nullable: false),
                Number = table.Column<int>(nullable: false),
                Label = table.Column<string>(maxLength: 128, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_revisions", x => x.Id);
                table.ForeignKey("FK_revisions_models_ModelId", x => x.ModelId, "models", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_revisions_ModelId_Number", table: "revisions", columns: ["ModelId", "Number"], unique: true);

        migrationBuilder.CreateTable(
            name: "vault_files",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ModelId = table.Column<Guid>(nullable: false),
                RevisionId = table.Column<Guid>(nullable: false),
                DisplayName = table.Column<string>(maxLength: 255, nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                IsPrintFile = table.Column<bool>(nullable: false),
                BlobHash = table.Column<string>(maxLength: 64, nullable: false),
                Size = table.Column<long>(nullable: false),
                Origin = table.Column<string>(maxLength: 16, nullable: false),
                AddedById = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                DeletedAt = table.Column<DateTime>(nullable: true),
                PrintStatus = table.Column<string>(maxLength: 16, nullable: false),
                Label = table.Column<string>(maxLength: 128, nullable: true),
                Notes = table.Column<string>(maxLength: 20000, nullable: true),
                IsRecommended = table.Column<bool>(nullable: false),
                ThumbnailState = table.Column<string>(maxLength: 16, nullable: false),
                MetadataState = table.Column<string>(maxLength: 16, nullable: false),
                ProcessingError = table.Column<string>(maxLength: 1000, nullable: true),
                ThumbnailHash = table.Column<string>(maxLength: 64, nullable: true),
                SmallThumbnailHash = table.Column<string>(maxLength: 64, nullable: true),
                MetadataJson = table.Column<string>(nullable: true),
                FilamentType = table.Column<string>(maxLength: 64, nullable: true),
                PrinterModel = table.Column<string>(maxLength: 128, nullable: true),
                Slicer = table.Column<string>(maxLength: 64, nullable: true),
                EstimatedSeconds = table.Column<int>(nullable: true),
                FilamentWeightG = table.Column<double>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_vault_files", x => x.Id);
                table.ForeignKey("FK_vault_files_blobs_BlobHash", x => x.BlobHash, "blobs", "Hash", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_vault_files_models_ModelId", x => x.ModelId, "models", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_vault_files_revisions_RevisionId", x => x.RevisionId, "revisions", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_vault_files_users_AddedById", x => x.AddedById, "users", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex(name: "IX_vault_files_AddedById", table: "vault_files", column: "AddedById");
        migrationBuilder.CreateIndex(name: "IX_vault_files_BlobHash", table: "vault_files", column: "BlobHash");
        migrationBuilder.CreateIndex(name: "IX_vault_files_DeletedAt_CreatedAt_Id", table: "vault_files", columns: ["DeletedAt", "CreatedAt", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_vault_files_ModelId_BlobHash", table: "vault_files", columns: ["ModelId", "BlobHash"]);
        migrationBuilder.CreateIndex(name: "IX_vault_files_RevisionId", table: "vault_files", column: "RevisionId");

        migrationBuilder.CreateTable(
            name: "model_tags",
            columns: table => new
            {
                ModelId = table.Column<Guid>(nullable: false),
                TagId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_model_tags", x => new { x.ModelId, x.TagId });
                table.ForeignKey("FK_model_tags_models_ModelId", x => x.ModelId, "models", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_model_tags_tags_TagId", x => x.TagId, "tags", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_model_tags_TagId", table: "model_tags", column: "TagId");

        migrationBuilder.CreateTable(
            name: "favorites",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                ModelId = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_favorites", x => new { x.UserId, x.ModelId });
                table.ForeignKey("FK_favorites_models_ModelId", x => x.ModelId, "models", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_favorites_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_favorites_ModelId", table: "favorites", column: "ModelId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "favorites");
        migrationBuilder.DropTable(name: "model_tags");
        migrationBuilder.DropTable(name: "vault_files");
        migrationBuilder.DropTable(name: "revisions");
        migrationBuilder.DropTable(name: "models");
        migrationBuilder.DropTable(name: "tags");
        migrationBuilder.DropTable(name: "collections");
        migrationBuilder.DropTable(name: "blobs");
    }
}
