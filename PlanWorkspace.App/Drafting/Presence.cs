using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.Drafting;

/// <summary>Someone with the section open in an editor, and where their selection is.</summary>
public sealed record Participant(string ConnectionId, int PersonId, string Name, string Color, int Anchor, int Head);

/// <summary>
/// Who has one section open in an editor and where their selections are, in positions of the
/// section's committed version: the session maps them through every commit
/// (<see cref="MapThrough"/>) and through what a late cursor report missed (<see cref="Move"/>).
/// A hint for the presence panel and remote cursors, kept apart from the commit pipeline.
/// </summary>
public sealed class Presence
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _participants.Count;
            }
        }
    }

    /// <summary>Everyone present, by name.</summary>
    public IReadOnlyList<Participant> List()
    {
        lock (_gate)
        {
            return _participants.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        }
    }

    public void Add(Participant participant)
    {
        lock (_gate)
        {
            _participants[participant.ConnectionId] = participant;
        }
    }

    public bool Remove(string connectionId)
    {
        lock (_gate)
        {
            return _participants.Remove(connectionId);
        }
    }

    /// <summary>
    /// Moves a participant's selection, given in a text of <paramref name="lengthThen"/> before
    /// <paramref name="missed"/>, to the current positions; null when the participant is unknown
    /// or the selection lies outside that text.
    /// </summary>
    public Participant? Move(string connectionId, int anchor, int head, int lengthThen, IReadOnlyList<AcceptedUpdate> missed)
    {
        if (anchor < 0 || head < 0 || anchor > lengthThen || head > lengthThen)
        {
            return null;
        }
        (anchor, head) = MapSelection(anchor, head, missed);
        lock (_gate)
        {
            if (!_participants.TryGetValue(connectionId, out var participant))
            {
                return null;
            }
            var updated = participant with { Anchor = anchor, Head = head };
            _participants[connectionId] = updated;
            return updated;
        }
    }

    /// <summary>Maps every selection through updates just committed.</summary>
    public void MapThrough(IReadOnlyList<AcceptedUpdate> accepted)
    {
        lock (_gate)
        {
            foreach (var (id, participant) in _participants.ToArray())
            {
                var (anchor, head) = MapSelection(participant.Anchor, participant.Head, accepted);
                _participants[id] = participant with { Anchor = anchor, Head = head };
            }
        }
    }

    // A selection sticks to the text after it, as the editor's remote cursors do.
    private static (int Anchor, int Head) MapSelection(int anchor, int head, IEnumerable<AcceptedUpdate> updates)
    {
        foreach (var update in updates)
        {
            anchor = update.Changes.MapPosition(Math.Min(anchor, update.Changes.Length), 1);
            head = update.Changes.MapPosition(Math.Min(head, update.Changes.Length), 1);
        }
        return (anchor, head);
    }
}
