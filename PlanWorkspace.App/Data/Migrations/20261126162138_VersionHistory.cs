using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkspace.App.Data.Migrations
{
    /// <inheritdoc />
    public partial class VersionHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NamedVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedById = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NamedVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NamedVersions_People_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_NamedVersions_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedById = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanVersions_People_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SectionCheckpoints",
                columns: table => new
                {
                    SectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    FromVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ToVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorIds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Added = table.Column<int>(type: "INTEGER", nullable: false),
                    Removed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SectionCheckpoints", x => new { x.SectionId, x.FromVersion });
                    table.ForeignKey(
                        name: "FK_SectionCheckpoints_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SectionHistoryBlocks",
                columns: table => new
                {
                    SectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    LastVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SectionHistoryBlocks", x => new { x.SectionId, x.FirstVersion });
                    table.ForeignKey(
                        name: "FK_SectionHistoryBlocks_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SectionHistoryStates",
                columns: table => new
                {
                    SectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CompactedThrough = table.Column<int>(type: "INTEGER", nullable: false),
                    IndexedThrough = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SectionHistoryStates", x => x.SectionId);
                    table.ForeignKey(
                        name: "FK_SectionHistoryStates_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SectionKeyframes",
                columns: table => new
                {
                    SectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SectionKeyframes", x => new { x.SectionId, x.Version });
                    table.ForeignKey(
                        name: "FK_SectionKeyframes_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanVersionEntries",
                columns: table => new
                {
                    PlanVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    SectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanVersionEntries", x => new { x.PlanVersionId, x.SectionId });
                    table.ForeignKey(
                        name: "FK_PlanVersionEntries_PlanVersions_PlanVersionId",
                        column: x => x.PlanVersionId,
                        principalTable: "PlanVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlanVersionEntries_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NamedVersions_CreatedById",
                table: "NamedVersions",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_NamedVersions_SectionId_Version",
                table: "NamedVersions",
                columns: new[] { "SectionId", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanVersionEntries_SectionId",
                table: "PlanVersionEntries",
                column: "SectionId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanVersions_CreatedById",
                table: "PlanVersions",
                column: "CreatedById");

            // The op log's key refuses a version taken twice; once old rows are packed into blocks
            // (ADR-007), this trigger keeps refusing a version at or below the compaction boundary.
            migrationBuilder.Sql("""
                CREATE TRIGGER SectionOps_RefuseCompactedVersion
                BEFORE INSERT ON SectionOps
                WHEN NEW.Version <= (SELECT CompactedThrough FROM SectionHistoryStates WHERE SectionId = NEW.SectionId)
                BEGIN
                    SELECT RAISE(ABORT, 'UNIQUE constraint failed: the version is already in the compacted history');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SectionOps_RefuseCompactedVersion;");

            migrationBuilder.DropTable(
                name: "NamedVersions");

            migrationBuilder.DropTable(
                name: "PlanVersionEntries");

            migrationBuilder.DropTable(
                name: "SectionCheckpoints");

            migrationBuilder.DropTable(
                name: "SectionHistoryBlocks");

            migrationBuilder.DropTable(
                name: "SectionHistoryStates");

            migrationBuilder.DropTable(
                name: "SectionKeyframes");

            migrationBuilder.DropTable(
                name: "PlanVersions");
        }
    }
}
