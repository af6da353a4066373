using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Data;

/// <summary>The plan and the accounts, in one database (SQLite by default).</summary>
public sealed class PlanDbContext(DbContextOptions<PlanDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Committee> Committees => Set<Committee>();
    public DbSet<Body> Bodies => Set<Body>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Section> Sections => Set<Section>();
    public DbSet<Initiative> Initiatives => Set<Initiative>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<SectionOp> SectionOps => Set<SectionOp>();
    public DbSet<SectionSnapshot> SectionSnapshots => Set<SectionSnapshot>();
    public DbSet<Suggestion> Suggestions => Set<Suggestion>();
    public DbSet<CommentThread> CommentThreads => Set<CommentThread>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<SectionEvent> SectionEvents => Set<SectionEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PlanDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no decimal or DateTimeOffset ordering; store them as sortable text/ticks.
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<long>();
    }
}
