using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkspace.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Consult3 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AttachmentText",
                table: "Opinions",
                type: "character varying(50000)",
                maxLength: 50000,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Fingerprint",
                table: "Opinions",
                type: "bytea",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_AttachmentText_trgm",
                table: "Opinions",
                column: "AttachmentText")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Opinions_AttachmentText_trgm",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "AttachmentText",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "Fingerprint",
                table: "Opinions");
        }
    }
}
