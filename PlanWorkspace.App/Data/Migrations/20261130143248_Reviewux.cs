using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkspace.App.Data.Migrations
{
    /// <inheritdoc />
    public partial class Reviewux : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RevertedById",
                table: "Suggestions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RevertedVersion",
                table: "Suggestions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "Notifications",
                type: "TEXT",
                maxLength: 20,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<int>(
                name: "ActorId",
                table: "Notifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MarkId",
                table: "Notifications",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Topic",
                table: "Notifications",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "SignOff"); // every existing notification is a sign-off step

            migrationBuilder.AlterColumn<int>(
                name: "ThreadId",
                table: "Comments",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<long>(
                name: "DeletedAt",
                table: "Comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EditedAt",
                table: "Comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SuggestionId",
                table: "Comments",
                type: "INTEGER",
                nullable: true);

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
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 20,
                oldNullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "ThreadId",
                table: "Comments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
