using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Data;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// The SQLite edit path's shared transactions (<see cref="SqliteGroupCommit"/>): units that gather
/// while a round runs commit together, each in its own savepoint, on a real database file.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempDatabase _database = new();
    private ServiceProvider _services = null!;
    private SqliteGroupCommit _commits = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_database.AppSettings).Build();
        _services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddPlanDatabase(configuration).BuildServiceProvider();
        await using (var db = _database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE Probe (Unit TEXT NOT NULL)");
        }
        _commits = _services.GetRequiredService<SqliteGroupCommit>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task UnitsThatGatherDuringARoundCommitTogetherAndAFailingOneIsRolledBackAlone()
    {
        // The first round waits, so the next three queue up behind it and form the next round.
        var (started, release) = (NewSignal(), NewSignal());
        var first = _commits.RunAsync(async db =>
        {
            await Insert(db, "first");
            started.SetResult();
            await release.Task;
            return 1;
        });
        await started.Task.WaitAsync(Timeout);
        var second = _commits.RunAsync(async db => { await Insert(db, "second"); return 2; });
        var failing = _commits.RunAsync<int>(async db =>
        {
            await Insert(db, "failing");
            throw new InvalidOperationException("refused inside its commit");
        });
        var third = _commits.RunAsync(async db => { await Insert(db, "third"); return 3; });
        release.SetResult();

        Assert.Equal(1, await first.WaitAsync(Timeout));
        Assert.Equal(2, await second.WaitAsync(Timeout));
        Assert.Equal(3, await third.WaitAsync(Timeout));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Timeout));
        Assert.Equal("refused inside its commit", error.Message);
        Assert.Equal(["first", "second", "third"], await StoredAsync());
    }

    [Fact]
    public async Task AUnitCompletesOnlyOnceItsRoundIsCommitted()
    {
        var stored = await _commits.RunAsync(async db =>
        {
            await Insert(db, "durable");
            return "done";
        }).WaitAsync(Timeout);

        Assert.Equal("done", stored);
        // Read on a connection of its own: what completed is in the file.
        Assert.Equal(["durable"], await StoredAsync());
    }

    [Fact]
    public async Task WhenTheDatabaseEndsTheTransactionTheWholeRoundFailsAndNothingOfItIsStored()
    {
        var (started, release) = (NewSignal(), NewSignal());
        var blocker = _commits.RunAsync(async db =>
        {
            started.SetResult();
            await release.Task;
            return 0;
        });
        await started.Task.WaitAsync(Timeout);
        var before = _commits.RunAsync(async db => { await Insert(db, "before"); return 1; });
        var ending = _commits.RunAsync<int>(async db =>
        {
            await Insert(db, "ending");
            // What an I/O or disk-full error does: SQLite rolls the transaction back by itself.
            await db.Database.ExecuteSqlRawAsync("ROLLBACK");
            throw new IOException("disk I/O error");
        });
        var after = _commits.RunAsync(async db => { await Insert(db, "after"); return 2; });
        release.SetResult();

        Assert.Equal(0, await blocker.WaitAsync(Timeout));
        await Assert.ThrowsAnyAsync<Exception>(() => before.WaitAsync(Timeout));
        await Assert.ThrowsAnyAsync<Exception>(() => ending.WaitAsync(Timeout));
        await Assert.ThrowsAnyAsync<Exception>(() => after.WaitAsync(Timeout));
        Assert.Empty(await StoredAsync());

        // The loop goes on: the next unit commits.
        Assert.Equal(3, await _commits.RunAsync(async db => { await Insert(db, "next"); return 3; }).WaitAsync(Timeout));
        Assert.Equal(["next"], await StoredAsync());
    }

    [Fact]
    public async Task CallersOnPoolThreadsCommitForEachOtherAndEveryUnitIsStoredOnceOrNotAtAll()
    {
        // No synchronization context: a caller that finds nobody committing commits the queue
        // itself (ADR-026), and what others queued meanwhile is handed on, never left waiting.
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var results = new List<int>();
            for (var i = 0; i < 25; i++)
            {
                var unit = w * 100 + i;
                try
                {
                    results.Add(await _commits.RunAsync(async db =>
                    {
                        await Insert(db, $"u{unit}");
                        if (unit % 10 == 7)
                        {
                            throw new InvalidOperationException("refused");
                        }
                        return unit;
                    }).WaitAsync(Timeout));
                }
                catch (InvalidOperationException e) when (e.Message == "refused")
                {
                    results.Add(-unit);
                }
            }
            return results;
        })).ToArray();
        var all = (await Task.WhenAll(writers).WaitAsync(Timeout)).SelectMany(r => r).ToList();

        var expected = Enumerable.Range(0, 8).SelectMany(w => Enumerable.Range(w * 100, 25)).ToList();
        Assert.Equal(expected.Select(u => u % 10 == 7 ? -u : u).Order(), all.Order());
        var stored = await StoredAsync();
        Assert.Equal(expected.Where(u => u % 10 != 7).Select(u => $"u{u}").Order(), stored.Order());
    }

    [Fact]
    public async Task TheAppsConnectionsLetSqliteWaitForABusyLockItself()
    {
        var factory = _services.GetRequiredService<IDbContextFactory<PlanDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(10_000L, (long)(await command.ExecuteScalarAsync())!);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static Task Insert(PlanDbContext db, string unit) =>
        db.Database.ExecuteSqlRawAsync("INSERT INTO Probe (Unit) VALUES ({0})", unit);

    private async Task<List<string>> StoredAsync()
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Unit FROM Probe ORDER BY rowid";
        var units = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            units.Add(reader.GetString(0));
        }
        return units;
    }
}
