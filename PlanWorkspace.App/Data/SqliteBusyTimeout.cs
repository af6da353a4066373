using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PlanWorkspace.App.Data;

/// <summary>
/// Lets SQLite itself wait for a busy write lock (it retries within a millisecond or two), instead
/// of Microsoft.Data.Sqlite's own retry, which sleeps 150 ms each time: a write that meets another
/// for 20 ms would otherwise wait 150. The edit path's commits do not meet at all (<see cref="SqliteGroupCommit"/>);
/// this is for every other write.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    // Below the default command timeout (30 s), so a lock held that long still ends in the usual error;
    // a shorter "Default Timeout" in the connection string shortens the wait with it.
    internal const int Milliseconds = 10_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // sqlite3_busy_timeout on the native handle: no statement to prepare on every open of a pooled connection.
    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
        {
            var commandTimeout = sqlite.DefaultTimeout <= 0 ? Milliseconds : checked(sqlite.DefaultTimeout * 1000);
            SQLitePCL.raw.sqlite3_busy_timeout(handle, Math.Min(Milliseconds, commandTimeout));
        }
    }
}
