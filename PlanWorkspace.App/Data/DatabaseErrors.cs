using Microsoft.Data.Sqlite;
using Npgsql;

namespace PlanWorkspace.App.Data;

/// <summary>What a database error means, the same question answered for each engine in one place.</summary>
public static class DatabaseErrors
{
    // SQLite's extended result codes: SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE, and
    // SQLITE_CONSTRAINT_TRIGGER (RAISE(ABORT) of SectionOps_RefuseCompactedVersion: the version was taken and packed).
    private const int SqliteConstraint = 19;
    private static readonly int[] SqliteTaken = [1555, 2067, 1811];

    /// <summary>
    /// True when <paramref name="error"/> (or an exception inside it) says a row with that key
    /// already exists: on the op log, another writer took the version first. PostgreSQL: SQLSTATE
    /// 23505 (which the compacted-version trigger raises too). SQLite: a primary-key, unique or trigger constraint.
    /// </summary>
    public static bool IsDuplicateKey(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                    return true;
                case SqliteException { SqliteErrorCode: SqliteConstraint } sqlite when SqliteTaken.Contains(sqlite.SqliteExtendedErrorCode):
                    return true;
            }
        }
        return false;
    }
}
