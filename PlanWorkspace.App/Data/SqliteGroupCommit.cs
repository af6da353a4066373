using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace PlanWorkspace.App.Data;

/// <summary>
/// SQLite has one writer per database file, and Microsoft.Data.Sqlite waits for a busy write lock
/// by sleeping 150 ms at a time: twenty sections committing side by side spent most of their ack
/// latency asleep. Here every section's commit joins one queue instead, and what has gathered runs
/// in one transaction, each unit inside its own savepoint: one fsync for many sections, no lock
/// waits, and a unit that fails is rolled back alone while the others commit.
/// There is no loop of its own (flat combining): a caller that finds nobody committing commits the
/// queue itself, on its own thread, until its own unit is stored; what others queued meanwhile is
/// then handed to a pool thread. A section committing alone therefore pays no thread hop: on a busy
/// server each hop waits behind the broadcasts queued on the pool, and they were most of the ack's latency.
/// PostgreSQL needs none of this (row locks, its own group commit); its writes go straight on.
/// </summary>
public sealed class SqliteGroupCommit : IAsyncDisposable
{
    // Bounded by the writers themselves (each section's writer loop awaits its one unit), so the
    // round is bounded too; the cap keeps one transaction short when many sections are busy.
    private const int MaxUnitsPerRound = 64;

    private readonly IDbContextFactory<PlanDbContext> _dbFactory;
    private readonly ILogger<SqliteGroupCommit> _logger;
    private readonly ConcurrentQueue<IUnit> _queue = new();
    // 1 while someone commits the queue; only that caller touches the database here.
    private int _committing;
    private volatile bool _disposed;

    public SqliteGroupCommit(IDbContextFactory<PlanDbContext> dbFactory, ILogger<SqliteGroupCommit> logger)
    {
        _dbFactory = dbFactory;
        _logger = logger;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the next round's transaction and completes once that
    /// transaction is committed (with <paramref name="work"/>'s result), or throws what it threw —
    /// or what the commit threw — with nothing of it stored. Changes tracked by the context are saved
    /// after <paramref name="work"/> returns.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<PlanDbContext, Task<T>> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var unit = new Unit<T>(work);
        _queue.Enqueue(unit);
        if (TryTakeTurn())
        {
            if (SynchronizationContext.Current is null)
            {
                await CommitAsync(unit.Completion.Task);
            }
            else
            {
                // A Blazor circuit's caller does not commit for others: the rounds' awaits would
                // come back through its renderer.
                _ = Task.Run(() => CommitAsync(null));
            }
        }
        return await unit.Completion.Task;
    }

    private bool TryTakeTurn() => Interlocked.CompareExchange(ref _committing, 1, 0) == 0;

    // The caller holds the turn: commit rounds until `mine` is done (null: until the queue is
    // empty), then give the turn back, and what is still queued to a pool thread.
    private async Task CommitAsync(Task? mine)
    {
        var round = new List<IUnit>(MaxUnitsPerRound);
        do
        {
            while (mine is not { IsCompleted: true } && _queue.TryPeek(out _))
            {
                round.Clear();
                while (round.Count < MaxUnitsPerRound && _queue.TryDequeue(out var unit))
                {
                    round.Add(unit);
                }
                await RunRoundAsync(round);
            }
            // A full fence, then a look: a unit queued by a caller that found the turn taken is
            // not left waiting for the next caller.
            Interlocked.Exchange(ref _committing, 0);
            if (_queue.IsEmpty)
            {
                return;
            }
            if (mine is { IsCompleted: true })
            {
                if (TryTakeTurn())
                {
                    _ = Task.Run(() => CommitAsync(null));
                }
                return;
            }
        }
        while (TryTakeTurn());
    }

    private async Task RunRoundAsync(List<IUnit> round)
    {
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

    /// <summary>Takes no more work and waits for the round in progress.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (Volatile.Read(ref _committing) != 0)
        {
            await Task.Delay(10);
        }
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
