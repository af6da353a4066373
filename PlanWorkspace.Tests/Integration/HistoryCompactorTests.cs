using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.History;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// The compactor as a hosted service in a real host, on a real SQLite file that another connection
/// locks: a stalled database is logged and retried, never a reason to stop the host.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HistoryCompactorTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _database = new();
    private int _sectionId;

    public async Task InitializeAsync()
    {
        await using var db = _database.CreateContext();
        await new DatabaseInitializer(db, TimeProvider.System, NullLogger<DatabaseInitializer>.Instance).InitializeAsync();
        var section = await db.Sections.OrderBy(s => s.Id).FirstAsync();
        const int author = 1;
        _sectionId = section.Id;
        var length = section.Markdown.Length;
        for (var version = 1; version <= 12; version++)
        {
            db.SectionOps.Add(new SectionOp
            {
                SectionId = _sectionId,
                Version = version,
                ClientId = "seed",
                AuthorId = author,
                Timestamp = 1_790_000_000_000 + version,
                Changes = ChangeSet.Of(length, 0, 0, "가").ToJson().ToJsonString(),
            });
            length++;
        }
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ADatabaseLockedPastTheBusyTimeoutNeverStopsTheHostAndCompactionResumesAfterwards()
    {
        // Lock first, so the very first pass meets it: another connection in exclusive locking
        // mode holds the write lock, and in WAL mode even reads then answer SQLITE_BUSY (a backup
        // or another process would do the same).
        var holder = new SqliteConnection(_database.ConnectionString);
        await holder.OpenAsync();
        await Execute(holder, "PRAGMA locking_mode=EXCLUSIVE; BEGIN IMMEDIATE; UPDATE Sections SET Title = Title WHERE Id = " + _sectionId + ";");

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        // A short busy timeout (seconds): each pass fails quickly instead of waiting SQLite's 30 s.
        builder.Services.AddPooledDbContextFactory<PlanDbContext>(o => o.UseSqlite(_database.ConnectionString + ";Default Timeout=1"));
        builder.Services.Configure<CollaborationOptions>(o => o.RetainedVersions = 2);
        builder.Services.Configure<HistoryOptions>(o =>
        {
            (o.BlockSize, o.KeyframeInterval) = (4, 8);
            (o.CompactionPollInterval, o.CompactionMaxBackoff) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400));
        });
        builder.Services.AddSingleton<HistoryStore>();
        builder.Services.AddHostedService<HistoryCompactor>();
        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var start = new CancellationTokenSource(Timeout);
        await host.StartAsync(start.Token);

        // Several passes fail on the lock (each after the 1 s busy timeout).
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "The compactor's failure stopped the host.");
        Assert.Equal(0, await CompactedThroughAsync(holder));

        await Execute(holder, "ROLLBACK; PRAGMA locking_mode=NORMAL;");
        await holder.DisposeAsync();

        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (await CompactedThroughAsync() == 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(await CompactedThroughAsync() > 0, "Compaction did not resume after the lock was released.");
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        using var stop = new CancellationTokenSource(Timeout);
        await host.StopAsync(stop.Token);
    }

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(5, 3_200)]
    [InlineData(30, 60_000)]
    public void TheRetryWaitDoublesFromThePollIntervalUpToTheCap(int failures, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds),
            HistoryCompactor.Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), failures));

    private async Task<int> CompactedThroughAsync(SqliteConnection? over = null)
    {
        if (over is not null)
        {
            // The lock holder can still read its own database.
            await using var command = over.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(CompactedThrough), 0) FROM SectionHistoryStates WHERE SectionId = " + _sectionId;
            return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var db = _database.CreateContext();
        return await db.Set<SectionHistoryState>().Where(s => s.SectionId == _sectionId).Select(s => s.CompactedThrough).FirstOrDefaultAsync();
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
