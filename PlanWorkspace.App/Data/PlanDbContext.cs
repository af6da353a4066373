using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Data;

/// <summary>
/// The plan and the accounts, in one database (SQLite by default; PostgreSQL through the
/// <see cref="Postgres.PostgresPlanDbContext"/> subclass, which has its own migrations).
/// </summary>
public class PlanDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public PlanDbContext(DbContextOptions<PlanDbContext> options) : base(options)
    {
    }

    /// <summary>For a provider's subclass (pooling needs each context's own typed options).</summary>
    protected PlanDbContext(DbContextOptions options) : base(options)
    {
    }

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

    /// <summary>The Data Protection key ring, shared by every instance on this database (cookies, antiforgery).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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
