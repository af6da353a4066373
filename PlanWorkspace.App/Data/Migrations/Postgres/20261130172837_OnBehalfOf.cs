using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkspace.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OnBehalfOf : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OnBehalfOfId",
                table: "Suggestions",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_OnBehalfOfId",
                table: "Suggestions",
                column: "OnBehalfOfId");

            migrationBuilder.AddForeignKey(
                name: "FK_Suggestions_People_OnBehalfOfId",
                table: "Suggestions",
                column: "OnBehalfOfId",
                principalTable: "People",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Suggestions_People_OnBehalfOfId",
                table: "Suggestions");

            migrationBuilder.DropIndex(
                name: "IX_Suggestions_OnBehalfOfId",
                table: "Suggestions");

            migrationBuilder.DropColumn(
                name: "OnBehalfOfId",
                table: "Suggestions");
        }
    }
}
