using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkspace.App.Data.Migrations
{
    /// <inheritdoc />
    public partial class Consult2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Opinions.SuggestionId has no foreign key on purpose: adding one makes SQLite rebuild the
            // Opinions table, which would drop the full-text triggers of the Consultation migration.
            migrationBuilder.AddColumn<int>(
                name: "SuggestionId",
                table: "Opinions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_ConsultationId_AssignedBodyId",
                table: "Opinions",
                columns: new[] { "ConsultationId", "AssignedBodyId" });

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_ConsultationId_Category",
                table: "Opinions",
                columns: new[] { "ConsultationId", "Category" });

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_ConsultationId_SectionId",
                table: "Opinions",
                columns: new[] { "ConsultationId", "SectionId" });

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_SuggestionId",
                table: "Opinions",
                column: "SuggestionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Opinions_ConsultationId_AssignedBodyId",
                table: "Opinions");

            migrationBuilder.DropIndex(
                name: "IX_Opinions_ConsultationId_Category",
                table: "Opinions");

            migrationBuilder.DropIndex(
                name: "IX_Opinions_ConsultationId_SectionId",
                table: "Opinions");

            migrationBuilder.DropIndex(
                name: "IX_Opinions_SuggestionId",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "SuggestionId",
                table: "Opinions");
        }
    }
}
