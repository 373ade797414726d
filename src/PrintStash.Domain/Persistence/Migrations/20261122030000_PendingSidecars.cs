using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PrintStash.Domain.Persistence.Migrations;

/// <summary>Outbox of models whose printstash.json still has to be rewritten (sidecars are written after the commit).</summary>
[DbContext(typeof(PrintStashDbContext))]
[Migration("20261122030000_PendingSidecars")]
public sealed class PendingSidecars : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "pending_sidecars",
            columns: table => new
            {
                ModelId = table.Column<Guid>(nullable: false),
                Ticket = table.Column<Guid>(nullable: false),
                MarkedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_pending_sidecars", x => x.ModelId));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "pending_sidecars");
    }
}
