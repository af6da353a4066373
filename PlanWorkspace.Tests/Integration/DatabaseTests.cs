using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

public sealed class DatabaseTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private DatabaseInitializer Initializer(PlanDbContext db) =>
        new(db, TimeProvider.System, NullLogger<DatabaseInitializer>.Instance);

    [Fact]
    public async Task EmptyFileIsMigratedToTheLatestSchemaAndSeededWithThePlan()
    {
        await using (var db = _database.CreateContext())
        {
            await Initializer(db).InitializeAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using var check = _database.CreateContext();
        var bodies = await check.Bodies.OrderBy(b => b.Order).ToListAsync();
        Assert.Equal(9, bodies.Count);
        Assert.Equal(8, bodies.Count(b => b.Kind == BodyKind.Subcommittee));
        Assert.Equal("보안 TF", bodies.Single(b => b.Kind == BodyKind.TaskForce).Name);
        Assert.Equal(9, await check.Sections.CountAsync());

        var manufacturing = await check.Targets.SingleAsync(t => t.Key == "manufacturing-2030");
        Assert.Equal("글로벌 제조 경쟁력 1위 (2030)", manufacturing.Name);
        Assert.Equal(TargetDirection.Decrease, manufacturing.Direction);
        Assert.Equal(2030, manufacturing.TargetYear);

        var industry = bodies.Single(b => b.Code == "industry-ax");
        var section = await check.Sections.SingleAsync(s => s.BodyId == industry.Id);
        Assert.Contains("제조 AI 풀스택 수출", section.Markdown);
        var linked = await check.Initiatives.Where(i => i.BodyId == industry.Id).ToListAsync();
        Assert.Contains(linked, i => i.Targets.Any(t => t.Key == "manufacturing-2030"));
    }

    [Fact]
    public async Task SeedingAgainIsANoOpAndNeverTouchesExistingData()
    {
        await using (var db = _database.CreateContext())
        {
            await Initializer(db).InitializeAsync();
            var section = await db.Sections.FirstAsync();
            section.Edit("# 사용자가 쓴 내용", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateContext())
        {
            Assert.False(await Initializer(db).SeedPlanAsync());
            await Initializer(db).InitializeAsync();
        }

        await using var check = _database.CreateContext();
        Assert.Equal(9, await check.Bodies.CountAsync());
        Assert.Equal(1, await check.Sections.CountAsync(s => s.Markdown == "# 사용자가 쓴 내용"));
    }

    [Fact]
    public async Task DataSurvivesARestartOfTheProcessConnection()
    {
        int targetId;
        await using (var db = _database.CreateContext())
        {
            await Initializer(db).InitializeAsync();
            var target = await db.Targets.FirstAsync(t => t.Key == "gpu-2030");
            target.RecordLatest(31_000, new DateOnly(2026, 6, 30));
            targetId = target.Id;
            await db.SaveChangesAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var reopened = _database.CreateContext();
        var reloaded = await reopened.Targets.SingleAsync(t => t.Id == targetId);
        Assert.Equal(31_000, reloaded.LatestValue);
        Assert.Equal(new DateOnly(2026, 6, 30), reloaded.LatestDate);
    }

    [Fact]
    public async Task JournalIsWriteAheadLogging()
    {
        await using var db = _database.CreateContext();
        await Initializer(db).InitializeAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public void MissingFolderGivesAClearStartupError()
    {
        var path = Path.Combine(_database.Folder, "no-such-folder", "plan.db");
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseInitializer.EnsureSqlitePathUsable($"Data Source={path}"));
        Assert.Contains("does not exist", error.Message);
        Assert.Contains("no-such-folder", error.Message);
    }

    [Fact]
    public void UnwritableFileGivesAClearStartupError()
    {
        // A folder where the file should be: unwritable for every user, root included.
        Directory.CreateDirectory(_database.FilePath);
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseInitializer.EnsureSqlitePathUsable(_database.ConnectionString));
        Assert.Contains("cannot be written", error.Message);
    }

    [Fact]
    public void InMemoryConnectionStringIsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => DatabaseInitializer.EnsureSqlitePathUsable("Data Source=:memory:"));
    }
}
