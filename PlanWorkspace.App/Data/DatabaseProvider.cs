using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data.Postgres;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Data;

/// <summary>The database engine behind <see cref="PlanDbContext"/>, chosen by <c>Database:Provider</c>.</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file beside the app (WAL): the embedded default for one instance.</summary>
    Sqlite,

    /// <summary>PostgreSQL: the production shape, shared by several instances.</summary>
    Postgres,
}

/// <summary>
/// The one place that knows which engine is in use: registration (each provider has its own
/// context type, so each has its own migrations, ADR-012) and the few operations whose SQL differs.
/// </summary>
public static class PlanDatabase
{
    public const string ProviderKey = "Database:Provider";

    /// <summary>The configured provider; anything but the two names stops start-up with a message.</summary>
    public static DatabaseProvider Provider(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }
        // By name only: Enum.TryParse would also take "1".
        var name = Enum.GetNames<DatabaseProvider>().FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null
            ? Enum.Parse<DatabaseProvider>(name)
            : throw new InvalidOperationException($"{ProviderKey} must be \"Sqlite\" or \"Postgres\", not \"{value}\".");
    }

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Plan") ?? throw new InvalidOperationException("ConnectionStrings:Plan is not configured.");

    /// <summary>
    /// Registers the pooled <see cref="IDbContextFactory{PlanDbContext}"/>. On PostgreSQL the factory
    /// hands out <see cref="PostgresPlanDbContext"/>, the same model with PostgreSQL's migrations.
    /// </summary>
    /// <param name="configure">More options for either engine (the App adds its interceptors here).</param>
    public static IServiceCollection AddPlanDatabase(this IServiceCollection services, IConfiguration configuration,
        Action<IServiceProvider, DbContextOptionsBuilder>? configure = null)
    {
        if (Provider(configuration) == DatabaseProvider.Postgres)
        {
            services.AddPooledDbContextFactory<PostgresPlanDbContext>((sp, options) =>
            {
                UsePostgres(options, ConnectionString(sp.GetRequiredService<IConfiguration>()));
                configure?.Invoke(sp, options);
            });
            services.AddSingleton<IDbContextFactory<PlanDbContext>, PostgresFactory>();
        }
        else
        {
            services.AddPooledDbContextFactory<PlanDbContext>((sp, options) =>
            {
                options.UseSqlite(ConnectionString(sp.GetRequiredService<IConfiguration>())).AddInterceptors(BusyTimeout);
                configure?.Invoke(sp, options);
            });
            // One writer per file: the edit path's commits share transactions instead of waiting for the lock.
            services.AddSingleton<SqliteGroupCommit>();
        }
        return services;
    }

    private static readonly SqliteBusyTimeout BusyTimeout = new();

    public static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString);

    public static bool IsPostgres(this PlanDbContext db) => db is PostgresPlanDbContext;

    /// <summary>
    /// A section's row, tracked, and on PostgreSQL locked until the transaction ends
    /// (<c>FOR NO KEY UPDATE</c>: it excludes another such lock and any update of the row, not the
    /// op log's foreign-key checks). A sign-off step and an edit's commit both take it, so under
    /// READ COMMITTED one waits for the other and then reads what it committed: an approval sees
    /// the edit's version, or the edit sees the approval and reopens the section. On SQLite the
    /// write transaction (BEGIN IMMEDIATE) already excludes every other writer: a plain read. Call it
    /// before anything else loads the section into <paramref name="db"/>: a tracked instance keeps its values.
    /// </summary>
    public static async Task<Section?> LockSectionAsync(PlanDbContext db, int sectionId, CancellationToken ct)
    {
        if (!db.IsPostgres())
        {
            return await db.Sections.FirstOrDefaultAsync(s => s.Id == sectionId, ct);
        }
        // Not composed (no LIMIT around it): the statement is exactly this one.
        var rows = await db.Sections.FromSql($"SELECT * FROM \"Sections\" WHERE \"Id\" = {sectionId} FOR NO KEY UPDATE").AsTracking().ToListAsync(ct);
        return rows.FirstOrDefault();
    }

    /// <summary>
    /// A read-only transaction giving one consistent view that takes no write lock. SQLite: a
    /// deferred transaction (Microsoft.Data.Sqlite begins IMMEDIATE by default, which would hold up
    /// the edit path's commits) over WAL's snapshot. PostgreSQL: REPEATABLE READ, a snapshot for the
    /// whole transaction (READ COMMITTED would take a new one per statement and could tear a tail
    /// the compactor packs meanwhile).
    /// </summary>
    public static async Task<IAsyncDisposable> BeginSnapshotReadAsync(PlanDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres())
        {
            return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        }
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = connection.BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, ct);
        return new SqliteReadTransaction(db, transaction);
    }

    /// <summary>Engine settings after migrating: WAL for SQLite; nothing for PostgreSQL.</summary>
    public static async Task TuneAsync(PlanDbContext db, CancellationToken ct)
    {
        if (!db.IsPostgres())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private sealed class SqliteReadTransaction(PlanDbContext db, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }

    // Everything asks for IDbContextFactory<PlanDbContext>; on PostgreSQL the pool holds the subclass.
    private sealed class PostgresFactory(IDbContextFactory<PostgresPlanDbContext> inner) : IDbContextFactory<PlanDbContext>
    {
        public PlanDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<PlanDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
