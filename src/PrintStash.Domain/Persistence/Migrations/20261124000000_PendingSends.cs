using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PrintStash.Domain.Persistence.Migrations;

/// <summary>Files sent to printers whose job has not started yet (user and vault file survive a restart).</summary>
[DbContext(typeof(PrintStashDbContext))]
[Migration("20261124000000_PendingSends")]
public sealed class PendingPrinterSends : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "pending_sends",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PrinterId = table.Column<Guid>(nullable: false),
                FileName = table.Column<string>(maxLength: 255, nullable: false),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                VaultFileId = table.Column<Guid>(nullable: true),
                UserId = table.Column<Guid>(nullable: true),
                SentAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_pending_sends", x => x.Id));

        migrationBuilder.CreateIndex(name: "IX_pending_sends_PrinterId_SentAt", table: "pending_sends", columns: ["PrinterId", "SentAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "pending_sends");
    }
}
