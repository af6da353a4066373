using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Bench.Load;

// The review marks this replica draws, mapped through every update it receives as the browser
// editor maps its decorations; marks sent at a version not reached yet wait for it.
public sealed partial class RemoteEditor
{
    private void ReceiveMarks(int version, MarkReply[] marks)
    {
        lock (_lock)
        {
            ReceiveMarksLocked(version, marks);
        }
    }

    private void ReceiveMarksLocked(int version, MarkReply[] marks)
    {
        if (version > _client.SyncedVersion)
        {
            _pendingMarks.Add((version, marks));
            return;
        }
        var moved = marks.Select(m =>
        {
            for (var v = version + 1; v <= _client.SyncedVersion; v++)
            {
                m = _received.TryGetValue(v, out var changes) ? Map(m, changes) ?? m with { State = "gone" } : m;
            }
            return m;
        }).ToArray();
        ApplyMarks(moved);
    }

    private void ApplyMarks(IEnumerable<MarkReply> marks)
    {
        foreach (var mark in marks)
        {
            if (mark.State == "gone")
            {
                _marks.Remove(mark.Id);
            }
            else
            {
                _marks[mark.Id] = mark;
            }
        }
    }

    private void MapMarks(ChangeSet changes)
    {
        foreach (var (id, mark) in _marks.ToList())
        {
            if (Map(mark, changes) is { } moved)
            {
                _marks[id] = moved;
            }
            else
            {
                _marks.Remove(id);
            }
        }
    }

    // A range keeps its characters (edges exclusive) and is gone when all are deleted; a point sticks before text typed at it.
    private static MarkReply? Map(MarkReply mark, ChangeSet changes)
    {
        if (mark.From == mark.To)
        {
            return changes.MapPos(mark.From, -1, MapMode.TrackDel) is { } at ? mark with { From = at, To = at } : null;
        }
        return changes.DeletesRange(mark.From, mark.To) ? null : mark with { From = changes.MapPosition(mark.From, 1), To = changes.MapPosition(mark.To, -1) };
    }
}
