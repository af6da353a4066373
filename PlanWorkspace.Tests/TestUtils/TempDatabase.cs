using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Data.Postgres;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// A real database removed on dispose: a SQLite file in a temporary folder, or a database of its
/// own on the run's shared <see cref="PostgresServer"/>.
/// </summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string? _postgresName;

    public TempDatabase(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        Provider = provider;
        Folder = Path.Combine(Path.GetTempPath(), "planworkspace-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "plan.db");
        if (provider == DatabaseProvider.Postgres)
        {
            _postgresName = PostgresServer.Instance.CreateDatabase();
        }
    }

    public DatabaseProvider Provider { get; }

    /// <summary>A temporary folder of the test's own (SQLite: the database file's).</summary>
    public string Folder { get; }

    public string FilePath { get; }

    public string ConnectionString => _postgresName is null ? $"Data Source={FilePath}" : PostgresServer.Instance.ConnectionString(_postgresName);

    /// <summary>The settings that point the App at this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> AppSettings =>
        [new("ConnectionStrings:Plan", ConnectionString), new(PlanDatabase.ProviderKey, Provider.ToString())];

    public PlanDbContext CreateContext()
    {
        if (_postgresName is null)
        {
            return new(new DbContextOptionsBuilder<PlanDbContext>().UseSqlite(ConnectionString).Options);
        }
        var options = new DbContextOptionsBuilder<PostgresPlanDbContext>();
        PlanDatabase.UsePostgres(options, ConnectionString);
        return new PostgresPlanDbContext(options.Options);
    }

    public IDbContextFactory<PlanDbContext> CreateFactory() => new Factory(this);

    public void Dispose()
    {
        if (_postgresName is not null)
        {
            PostgresServer.Instance.DropDatabase(_postgresName);
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A server still shutting down may hold the file for a moment; the OS temp cleaner gets it.
        }
    }

    private sealed class Factory(TempDatabase db) : IDbContextFactory<PlanDbContext>
    {
        public PlanDbContext CreateDbContext() => db.CreateContext();
    }
}
