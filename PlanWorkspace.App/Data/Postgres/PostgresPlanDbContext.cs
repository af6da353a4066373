using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Data.Postgres;

/// <summary>
/// The plan's model on PostgreSQL. A subclass only so that EF keeps PostgreSQL's migrations
/// (Data/Migrations/Postgres, <c>[DbContext(typeof(PostgresPlanDbContext))]</c>) apart from SQLite's;
/// the model is the base's plus what only PostgreSQL has (ADR-012).
/// </summary>
public sealed class PostgresPlanDbContext(DbContextOptions<PostgresPlanDbContext> options) : PlanDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // The inbox's substring search (SQLite: FTS5 trigram): ILIKE over these columns, answered
        // from trigram indexes.
        builder.HasPostgresExtension("pg_trgm");
        var opinion = builder.Entity<Opinion>();
        opinion.HasIndex(o => o.Text).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("IX_Opinions_Text_trgm");
        opinion.HasIndex(o => o.Institution).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("IX_Opinions_Institution_trgm");
        opinion.HasIndex(o => o.SubmitterName).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("IX_Opinions_SubmitterName_trgm");
        opinion.HasIndex(o => o.QuotedPassage).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("IX_Opinions_QuotedPassage_trgm");
        opinion.HasIndex(o => o.Subject).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("IX_Opinions_Subject_trgm");
        opinion.HasIndex(o => o.AttachmentText).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("IX_Opinions_AttachmentText_trgm");
    }
}
