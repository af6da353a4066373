using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanWorkspace.App.Data.Migrations
{
    /// <inheritdoc />
    public partial class Consultation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Consultations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PlanVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Notice = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedById = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReportPublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceiptsIssued = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Consultations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Consultations_People_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Consultations_PlanVersions_PlanVersionId",
                        column: x => x.PlanVersionId,
                        principalTable: "PlanVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Institutions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Institutions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConsultationDocuments",
                columns: table => new
                {
                    ConsultationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    TocHtml = table.Column<string>(type: "TEXT", nullable: false),
                    BodyHtml = table.Column<string>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsultationDocuments", x => new { x.ConsultationId, x.Culture });
                    table.ForeignKey(
                        name: "FK_ConsultationDocuments_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ConsultationSections",
                columns: table => new
                {
                    ConsultationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    SectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    BodyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Heading = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Paragraphs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsultationSections", x => new { x.ConsultationId, x.Ordinal });
                    table.ForeignKey(
                        name: "FK_ConsultationSections_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ConsultationSections_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Opinions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConsultationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceiptNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmitterName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Institution = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    InstitutionId = table.Column<int>(type: "INTEGER", nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    SectionId = table.Column<int>(type: "INTEGER", nullable: true),
                    QuotedPassage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    QuoteAnchor = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DuplicateOfId = table.Column<int>(type: "INTEGER", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AttentionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AssignedBodyId = table.Column<int>(type: "INTEGER", nullable: true),
                    Classification = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ClassificationReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ClassifiedById = table.Column<int>(type: "INTEGER", nullable: true),
                    ClassifiedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Opinions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Opinions_Bodies_AssignedBodyId",
                        column: x => x.AssignedBodyId,
                        principalTable: "Bodies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Opinions_Consultations_ConsultationId",
                        column: x => x.ConsultationId,
                        principalTable: "Consultations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Opinions_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Opinions_Opinions_DuplicateOfId",
                        column: x => x.DuplicateOfId,
                        principalTable: "Opinions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Opinions_People_ClassifiedById",
                        column: x => x.ClassifiedById,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Opinions_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "OpinionAttachments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OpinionId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpinionAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OpinionAttachments_Opinions_OpinionId",
                        column: x => x.OpinionId,
                        principalTable: "Opinions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_CreatedById",
                table: "Consultations",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_PlanVersionId",
                table: "Consultations",
                column: "PlanVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_Slug",
                table: "Consultations",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsultationSections_ConsultationId_SectionId",
                table: "ConsultationSections",
                columns: new[] { "ConsultationId", "SectionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsultationSections_SectionId",
                table: "ConsultationSections",
                column: "SectionId");

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_Domain",
                table: "Institutions",
                column: "Domain");

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_Name",
                table: "Institutions",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OpinionAttachments_OpinionId",
                table: "OpinionAttachments",
                column: "OpinionId");

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_AssignedBodyId",
                table: "Opinions",
                column: "AssignedBodyId");

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_ClassifiedById",
                table: "Opinions",
                column: "ClassifiedById");

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_ConsultationId_Email_ReceivedAt",
                table: "Opinions",
                columns: new[] { "ConsultationId", "Email", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_ConsultationId_MessageId",
                table: "Opinions",
                columns: new[] { "ConsultationId", "MessageId" });

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_ConsultationId_ReceiptNumber",
                table: "Opinions",
                columns: new[] { "ConsultationId", "ReceiptNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_ConsultationId_State",
                table: "Opinions",
                columns: new[] { "ConsultationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_DuplicateOfId",
                table: "Opinions",
                column: "DuplicateOfId");

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_InstitutionId",
                table: "Opinions",
                column: "InstitutionId");

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_SectionId",
                table: "Opinions",
                column: "SectionId");

            // Substring search in Korean: FTS5 with the trigram tokenizer over the opinion's text
            // fields, kept in step with Opinions by triggers (an external-content index, so the text
            // is stored once).
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Opinions_SearchUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Opinions_SearchDelete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Opinions_SearchInsert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS OpinionSearch;");
            migrationBuilder.DropTable(
                name: "ConsultationDocuments");

            migrationBuilder.DropTable(
                name: "ConsultationSections");

            migrationBuilder.DropTable(
                name: "OpinionAttachments");

            migrationBuilder.DropTable(
                name: "Opinions");

            migrationBuilder.DropTable(
                name: "Consultations");

            migrationBuilder.DropTable(
                name: "Institutions");
        }
    }
}
