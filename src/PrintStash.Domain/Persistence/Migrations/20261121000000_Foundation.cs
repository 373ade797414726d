using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace PrintStash.Domain.Persistence.Migrations;

/// <summary>
/// Users, API keys, settings overlay and audit log. Hand-written, provider-neutral: column types are left to
/// each provider's default mapping for the CLR type. See docs/adr/0002-hand-written-migrations.md.
/// </summary>
[DbContext(typeof(PrintStashDbContext))]
[Migration("20261121000000_Foundation")]
public sealed class Foundation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserName = table.Column<string>(maxLength: 64, nullable: false),
                NormalizedUserName = table.Column<string>(maxLength: 64, nullable: false),
                DisplayName = table.Column<string>(maxLength: 128, nullable: false),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                PasswordHash = table.Column<string>(maxLength: 256, nullable: false),
                Role = table.Column<string>(maxLength: 16, nullable: false),
                IsActive = table.Column<bool>(nullable: false),
                SecurityStamp = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                LastSignInAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_users", x => x.Id));

        migrationBuilder.CreateIndex(name: "IX_users_NormalizedUserName", table: "users", column: "NormalizedUserName", unique: true);

        migrationBuilder.CreateTable(
            name: "api_keys",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                Label = table.Column<string>(maxLength: 128, nullable: false),
                Prefix = table.Column<string>(maxLength: 16, nullable: false),
                SecretHash = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                LastUsedAt = table.Column<DateTime>(nullable: true),
                RevokedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_api_keys", x => x.Id);
                table.ForeignKey("FK_api_keys_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_api_keys_Prefix", table: "api_keys", column: "Prefix", unique: true);
        migrationBuilder.CreateIndex(name: "IX_api_keys_UserId", table: "api_keys", column: "UserId");

        migrationBuilder.CreateTable(
            name: "setting_overrides",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 128, nullable: false),
                Value = table.Column<string>(maxLength: 4000, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 64, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_setting_overrides", x => x.Key));

        migrationBuilder.CreateTable(
            name: "audit_events",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                At = table.Column<DateTime>(nullable: false),
                ActorId = table.Column<Guid>(nullable: true),
                ActorName = table.Column<string>(maxLength: 64, nullable: false),
                Action = table.Column<string>(maxLength: 64, nullable: false),
                TargetType = table.Column<string>(maxLength: 64, nullable: true),
                TargetId = table.Column<string>(maxLength: 128, nullable: true),
                DetailsJson = table.Column<string>(nullable: true),
                RemoteIp = table.Column<string>(maxLength: 64, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_audit_events", x => x.Id));

        migrationBuilder.CreateIndex(name: "IX_audit_events_At", table: "audit_events", column: "At");
        migrationBuilder.CreateIndex(name: "IX_audit_events_Action", table: "audit_events", column: "Action");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "audit_events");
        migrationBuilder.DropTable(name: "setting_overrides");
        migrationBuilder.DropTable(name: "api_keys");
        migrationBuilder.DropTable(name: "users");
    }
}
