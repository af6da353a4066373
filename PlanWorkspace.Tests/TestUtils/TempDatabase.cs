using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>A real SQLite file in a temporary folder, removed on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "planworkspace-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "plan.db");
    }

    public string Folder { get; }
    public string FilePath { get; }
    public string ConnectionString => $"Data Source={FilePath}";

    public PlanDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<PlanDbContext>().UseSqlite(ConnectionString).Options);

    public IDbContextFactory<PlanDbContext> CreateFactory() => new Factory(this);

    public void Dispose()
    {
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
