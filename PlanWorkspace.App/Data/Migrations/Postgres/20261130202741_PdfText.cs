using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkspace.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PdfText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TextProblem",
                table: "OpinionAttachments",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TextProblem",
                table: "OpinionAttachments");
        }
    }
}
