using Microsoft.Data.Sqlite;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// Holds a SQLite database's write lock from a second connection (as a backup, another process or
/// a long compaction would) until disposed; readers go on under WAL, writers wait and time out.
/// </summary>
public sealed class HeldWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    public HeldWriteLock(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using var begin = _connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        begin.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await using (var rollback = _connection.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }
        await _connection.DisposeAsync();
    }
}
