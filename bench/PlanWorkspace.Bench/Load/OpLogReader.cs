using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Bench.Load;

/// <summary>What the load tool reads back from the op log to judge a run: the text every replica must end with, and each editor's stored ops.</summary>
internal static class OpLogReader
{
    // The whole history: from the first keyframe through the compacted blocks (ADR-007), or from
    // the first snapshot when nothing was compacted, then every op-log row after it. Quoted names
    // and @-parameters: the same SQL on SQLite and PostgreSQL.
    public static (string Text, int Version) Replay(Func<DbConnection> openLog, int sectionId)
    {
        using var connection = openLog();
        connection.Open();
        using var transaction = BeginRead(connection);
        Rope rope;
        int version;
        using (var keyframe = Query(connection, transaction, """SELECT "Version", "Data" FROM "SectionKeyframes" WHERE "SectionId" = @s ORDER BY "Version" LIMIT 1""", ("@s", sectionId)))
        {
            if (keyframe.Read())
            {
                (version, rope) = (keyframe.GetInt32(0), new Rope(HistoryCodec.DecodeKeyframe((byte[])keyframe.GetValue(1)).Text));
            }
            else
            {
                keyframe.Close();
                using var reader = Query(connection, transaction, """SELECT "Version", "Text" FROM "SectionSnapshots" WHERE "SectionId" = @s ORDER BY "Version" LIMIT 1""", ("@s", sectionId));
                reader.Read();
                (version, rope) = (reader.GetInt32(0), new Rope(reader.GetString(1)));
            }
        }
        foreach (var op in CompactedOps(connection, transaction, sectionId))
        {
            if (op.Version > version)
            {
                op.ApplyTo(rope);
                version = op.Version;
            }
        }
        using var rows = Query(connection, transaction, """SELECT "Version", "Changes" FROM "SectionOps" WHERE "SectionId" = @s AND "Version" > @v ORDER BY "Version" """,
            ("@s", sectionId), ("@v", version));
        while (rows.Read())
        {
            ChangeSet.FromJson(rows.GetString(1)).ApplyTo(rope);
            version = rows.GetInt32(0);
        }
        return (rope.ToString(), version);
    }

    private static DbTransaction BeginRead(DbConnection connection) =>
        connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : connection.BeginTransaction(IsolationLevel.RepeatableRead);

    private static DbDataReader Query(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command.ExecuteReader();
    }

    private static List<HistoryOp> CompactedOps(DbConnection connection, DbTransaction transaction, int? sectionId)
    {
        var ops = new List<HistoryOp>();
        using var reader = sectionId is { } id
            ? Query(connection, transaction, """SELECT "Data" FROM "SectionHistoryBlocks" WHERE "SectionId" = @s ORDER BY "SectionId", "FirstVersion" """, ("@s", id))
            : Query(connection, transaction, """SELECT "Data" FROM "SectionHistoryBlocks" ORDER BY "SectionId", "FirstVersion" """);
        while (reader.Read())
        {
            ops.AddRange(HistoryCodec.DecodeBlock((byte[])reader.GetValue(0)));
        }
        return ops;
    }

    // Ops per editor over the whole history: compacted blocks and the op-log tail.
    public static Dictionary<string, int> CountOpsByClient(Func<DbConnection> openLog)
    {
        using var connection = openLog();
        connection.Open();
        using var transaction = BeginRead(connection);
        var counts = new Dictionary<string, int>();
        foreach (var op in CompactedOps(connection, transaction, null))
        {
            counts[op.ClientId] = counts.GetValueOrDefault(op.ClientId) + 1;
        }
        using var reader = Query(connection, transaction, """SELECT "ClientId", COUNT(*) FROM "SectionOps" GROUP BY "ClientId" """);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = counts.GetValueOrDefault(reader.GetString(0)) + Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        }
        return counts;
    }
}
