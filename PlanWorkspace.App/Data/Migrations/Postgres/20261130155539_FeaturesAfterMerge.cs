using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkspace.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FeaturesAfterMerge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RevertedById",
                table: "Suggestions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RevertedVersion",
                table: "Suggestions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SuggestionId",
                table: "Opinions",
                type: "integer",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "Notifications",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<int>(
                name: "ActorId",
                table: "Notifications",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MarkId",
                table: "Notifications",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Topic",
                table: "Notifications",
                type: "character varying(24)",
                maxLength: 24,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<int>(
                name: "ThreadId",
                table: "Comments",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AddColumn<long>(
                name: "DeletedAt",
                table: "Comments",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EditedAt",
                table: "Comments",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SuggestionId",
                table: "Comments",
                type: "integer",
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

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_PersonId_At",
                table: "Notifications",
                columns: new[] { "PersonId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_SuggestionId",
                table: "Comments",
                column: "SuggestionId");

            migrationBuilder.AddForeignKey(
                name: "FK_Comments_Suggestions_SuggestionId",
                table: "Comments",
                column: "SuggestionId",
                principalTable: "Suggestions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Comments_Suggestions_SuggestionId",
                table: "Comments");

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

            migrationBuilder.DropIndex(
                name: "IX_Notifications_PersonId_At",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Comments_SuggestionId",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "RevertedById",
                table: "Suggestions");

            migrationBuilder.DropColumn(
                name: "RevertedVersion",
                table: "Suggestions");

            migrationBuilder.DropColumn(
                name: "SuggestionId",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "ActorId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "MarkId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "Topic",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "EditedAt",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "SuggestionId",
                table: "Comments");

            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "Notifications",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20,
                oldNullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "ThreadId",
                table: "Comments",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);
        }
    }
}
