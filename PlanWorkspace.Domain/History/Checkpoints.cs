namespace PlanWorkspace.Domain.History;

/// <summary>
/// An automatic checkpoint: a burst of editing — consecutive ops with no pause longer than the
/// quiet period between them — with its authors and how much text it added and removed.
/// </summary>
/// <param name="FromVersion">The first version of the burst (the version its first op produced).</param>
/// <param name="ToVersion">The last version of the burst: the text the checkpoint shows.</param>
/// <param name="StartedAt">Unix milliseconds of the first op.</param>
/// <param name="EndedAt">Unix milliseconds of the last op.</param>
/// <param name="AuthorIds">The people who typed in it, in order of their first op.</param>
/// <param name="Added">UTF-16 code units inserted.</param>
/// <param name="Removed">UTF-16 code units deleted.</param>
public sealed record Checkpoint(int FromVersion, int ToVersion, long StartedAt, long EndedAt, IReadOnlyList<int> AuthorIds, int Added, int Removed)
{
    /// <summary>True when <paramref name="op"/> belongs to this burst: it follows the last op within <paramref name="quietPeriod"/>.</summary>
    public bool Continues(HistoryOp op, TimeSpan quietPeriod)
    {
        ArgumentNullException.ThrowIfNull(op);
        return op.Version == ToVersion + 1 && op.Timestamp - EndedAt < (long)quietPeriod.TotalMilliseconds;
    }

    /// <summary>This burst extended by <paramref name="op"/>.</summary>
    public Checkpoint With(HistoryOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        var authors = AuthorIds.Contains(op.AuthorId) ? AuthorIds : [.. AuthorIds, op.AuthorId];
        return this with
        {
            ToVersion = op.Version,
            EndedAt = Math.Max(EndedAt, op.Timestamp),
            AuthorIds = authors,
            Added = Added + op.Added,
            Removed = Removed + op.Removed,
        };
    }

    /// <summary>A burst of one op.</summary>
    public static Checkpoint Start(HistoryOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        return new Checkpoint(op.Version, op.Version, op.Timestamp, op.Timestamp, [op.AuthorId], op.Added, op.Removed);
    }

    /// <summary>
    /// Folds <paramref name="ops"/> (in version order) into checkpoints, continuing
    /// <paramref name="open"/>, the last checkpoint so far, when the first op belongs to it.
    /// Returns the checkpoints that changed or began, the continued one first.
    /// </summary>
    public static List<Checkpoint> Fold(Checkpoint? open, IEnumerable<HistoryOp> ops, TimeSpan quietPeriod)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var result = new List<Checkpoint>();
        var current = open;
        var changed = false;
        foreach (var op in ops)
        {
            if (current is not null && current.Continues(op, quietPeriod))
            {
                current = current.With(op);
                changed = true;
                continue;
            }
            if (current is not null && changed)
            {
                result.Add(current);
            }
            current = Start(op);
            changed = true;
        }
        if (current is not null && changed)
        {
            result.Add(current);
        }
        return result;
    }
}
