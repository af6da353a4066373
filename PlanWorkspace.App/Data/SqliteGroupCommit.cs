using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace PlanWorkspace.App.Data;

/// <summary>
/// SQLite has one writer per database file, and Microsoft.Data.Sqlite waits for a busy write lock
/// by sleeping 150 ms at a time: twenty sections committing side by side spent most of their ack
/// latency asleep. Here every section's commit joins one queue instead, and a single loop runs
/// what has gathered in one transaction, each unit inside its own savepoint: one fsync for many
/// sections, no lock waits, and a unit that fails is rolled back alone while the others commit.
/// PostgreSQL needs none of this (row locks, its own group commit); its writes go straight on.
/// </summary>
public sealed class SqliteGroupCommit : IAsyncDisposable
{
    // Bounded by the writers themselves (each section's writer loop awaits its one unit), so the
    // round is bounded too; the cap keeps one transaction short when many sections are busy.
    private const int MaxUnitsPerRound = 64;

    private readonly IDbContextFactory<PlanDbContext> _dbFactory;
    private readonly ILogger<SqliteGroupCommit> _logger;
    private readonly Channel<IUnit> _queue = Channel.CreateUnbounded<IUnit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public SqliteGroupCommit(IDbContextFactory<PlanDbContext> dbFactory, ILogger<SqliteGroupCommit> logger)
    {
        _dbFactory = dbFactory;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the next round's transaction and completes once that
    /// transaction is committed (with <paramref name="work"/>'s result), or throws what it threw —
    /// or what the commit threw — with nothing of it stored. Changes tracked by the context are saved
    /// after <paramref name="work"/> returns.
    /// </summary>
    public Task<T> RunAsync<T>(Func<PlanDbContext, Task<T>> work)
    {
        var unit = new Unit<T>(work);
        if (!_queue.Writer.TryWrite(unit))
        {
            throw new ObjectDisposedException(nameof(SqliteGroupCommit));
        }
        return unit.Completion.Task;
    }

    private async Task RunAsync()
    {
        var round = new List<IUnit>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            round.Clear();
            while (round.Count < MaxUnitsPerRound && _queue.Reader.TryRead(out var unit))
            {
                round.Add(unit);
            }
            try
            {
                await CommitRoundAsync(round);
            }
            catch (Exception e)
            {
                // Nothing of the round was stored: every unit not failed on its own fails with this.
                _logger.LogError(e, "A group commit of {Count} units failed.", round.Count);
                foreach (var unit in round)
                {
                    unit.Fail(e);
                }
            }
        }
    }

    private async Task CommitRoundAsync(List<IUnit> round)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var alone = round.Count == 1;
        var succeeded = new List<IUnit>(round.Count);
        foreach (var unit in round)
        {
            // Each unit starts from an empty change tracker: nothing one loaded leaks into the next.
            db.ChangeTracker.Clear();
            if (!alone)
            {
                await transaction.CreateSavepointAsync("unit");
            }
            try
            {
                await unit.RunAsync(db);
                if (db.ChangeTracker.HasChanges())
                {
                    await db.SaveChangesAsync();
                }
                if (!alone)
                {
                    await transaction.ReleaseSavepointAsync("unit");
                }
                succeeded.Add(unit);
            }
            catch (Exception e)
            {
                if (alone)
                {
                    unit.Fail(e);
                    return;
                }
                // I/O, disk-full and similar errors end SQLite's transaction by themselves; later
                // statements would then commit one by one. Stop the round instead: nothing is stored.
                if (!InTransaction(db))
                {
                    unit.Fail(e);
                    throw new InvalidOperationException("The database ended the group commit's transaction.", e);
                }
                await transaction.RollbackToSavepointAsync("unit");
                await transaction.ReleaseSavepointAsync("unit");
                unit.Fail(e);
            }
        }
        db.ChangeTracker.Clear();
        await transaction.CommitAsync();
        foreach (var unit in succeeded)
        {
            unit.Complete();
        }
    }

    private static bool InTransaction(PlanDbContext db) =>
        db.Database.GetDbConnection() is SqliteConnection { Handle: { } handle } && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private interface IUnit
    {
        Task RunAsync(PlanDbContext db);

        void Complete();

        void Fail(Exception error);
    }

    private sealed class Unit<T>(Func<PlanDbContext, Task<T>> work) : IUnit
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(PlanDbContext db) => _result = await work(db);

        public void Complete() => Completion.TrySetResult(_result!);

        public void Fail(Exception error) => Completion.TrySetException(error);
    }
}
