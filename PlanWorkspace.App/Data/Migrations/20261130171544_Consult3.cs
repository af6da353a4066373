using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkspace.App.Data.Migrations
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
                type: "TEXT",
                maxLength: 50000,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Fingerprint",
                table: "Opinions",
                type: "BLOB",
                maxLength: 128,
                nullable: true);

            // The search index gains the attachments' text: an FTS5 table's columns are fixed, so it
            // is made again with the new column (and its triggers), then rebuilt from Opinions.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Opinions_SearchUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Opinions_SearchDelete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Opinions_SearchInsert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS OpinionSearch;");
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE OpinionSearch USING fts5(
                    Text, Institution, SubmitterName, QuotedPassage, Subject, AttachmentText,
                    content='Opinions', content_rowid='Id', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Opinions_SearchInsert AFTER INSERT ON Opinions BEGIN
                    INSERT INTO OpinionSearch(rowid, Text, Institution, SubmitterName, QuotedPassage, Subject, AttachmentText)
                    VALUES (new.Id, new.Text, new.Institution, new.SubmitterName, new.QuotedPassage, new.Subject, new.AttachmentText);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Opinions_SearchDelete AFTER DELETE ON Opinions BEGIN
                    INSERT INTO OpinionSearch(OpinionSearch, rowid, Text, Institution, SubmitterName, QuotedPassage, Subject, AttachmentText)
                    VALUES ('delete', old.Id, old.Text, old.Institution, old.SubmitterName, old.QuotedPassage, old.Subject, old.AttachmentText);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Opinions_SearchUpdate AFTER UPDATE OF Text, Institution, SubmitterName, QuotedPassage, Subject, AttachmentText ON Opinions BEGIN
                    INSERT INTO OpinionSearch(OpinionSearch, rowid, Text, Institution, SubmitterName, QuotedPassage, Subject, AttachmentText)
                    VALUES ('delete', old.Id, old.Text, old.Institution, old.SubmitterName, old.QuotedPassage, old.Subject, old.AttachmentText);
                    INSERT INTO OpinionSearch(rowid, Text, Institution, SubmitterName, QuotedPassage, Subject, AttachmentText)
                    VALUES (new.Id, new.Text, new.Institution, new.SubmitterName, new.QuotedPassage, new.Subject, new.AttachmentText);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO OpinionSearch(OpinionSearch) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AttachmentText",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "Fingerprint",
                table: "Opinions");

            // Back to the index without the attachments' text, after the column is gone (a table
            // rebuild would have dropped the triggers).
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Opinions_SearchUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Opinions_SearchDelete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Opinions_SearchInsert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS OpinionSearch;");
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE OpinionSearch USING fts5(
                    Text, Institution, SubmitterName, QuotedPassage, Subject,
                    content='Opinions', content_rowid='Id', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Opinions_SearchInsert AFTER INSERT ON Opinions BEGIN
                    INSERT INTO OpinionSearch(rowid, Text, Institution, SubmitterName, QuotedPassage, Subject)
                    VALUES (new.Id, new.Text, new.Institution, new.SubmitterName, new.QuotedPassage, new.Subject);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Opinions_SearchDelete AFTER DELETE ON Opinions BEGIN
                    INSERT INTO OpinionSearch(OpinionSearch, rowid, Text, Institution, SubmitterName, QuotedPassage, Subject)
                    VALUES ('delete', old.Id, old.Text, old.Institution, old.SubmitterName, old.QuotedPassage, old.Subject);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Opinions_SearchUpdate AFTER UPDATE OF Text, Institution, SubmitterName, QuotedPassage, Subject ON Opinions BEGIN
                    INSERT INTO OpinionSearch(OpinionSearch, rowid, Text, Institution, SubmitterName, QuotedPassage, Subject)
                    VALUES ('delete', old.Id, old.Text, old.Institution, old.SubmitterName, old.QuotedPassage, old.Subject);
                    INSERT INTO OpinionSearch(rowid, Text, Institution, SubmitterName, QuotedPassage, Subject)
                    VALUES (new.Id, new.Text, new.Institution, new.SubmitterName, new.QuotedPassage, new.Subject);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO OpinionSearch(OpinionSearch) VALUES ('rebuild');");
        }
    }
}
