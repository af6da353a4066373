namespace PlanWorkspace.App.Drafting;

/// <summary>
/// Who has a section open in an editor on the OTHER instances (ADR-019), as they last announced it:
/// per instance and section a list of participants with an expiry. An instance re-announces its
/// sections every beat; an entry not renewed by its expiry (the instance was killed, or Redis lost
/// its messages) is swept, so nobody stays a ghost. Bounded: at most <see cref="MaxEntries"/>
/// (instance, section) lists, each cut to <see cref="MaxParticipants"/>. Empty on one instance alone.
/// </summary>
public sealed class RemotePresence(TimeProvider clock)
{
    /// <summary>(instance, section) lists kept at most; a new pair beyond it is ignored until one expires.</summary>
    public const int MaxEntries = 4096;

    /// <summary>Participants per instance and section at most (the panel shows names, not hundreds of chips).</summary>
    public const int MaxParticipants = 200;

    private readonly object _gate = new();
    private readonly Dictionary<(string Instance, int SectionId), Entry> _entries = [];

    /// <summary>Participants of a section on other instances, unexpired.</summary>
    public IReadOnlyList<Participant> Of(int sectionId)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            return _entries.Where(e => e.Key.SectionId == sectionId && e.Value.Expires > now)
                .SelectMany(e => e.Value.Participants).ToList();
        }
    }

    /// <summary>
    /// Takes what <paramref name="instance"/> announced for a section, valid for <paramref name="lifetime"/>;
    /// an empty list removes it. True when what the section shows changed.
    /// </summary>
    public bool Replace(string instance, int sectionId, IReadOnlyList<Participant> participants, TimeSpan lifetime)
    {
        var key = (instance, sectionId);
        var expires = clock.GetUtcNow() + lifetime;
        lock (_gate)
        {
            var had = _entries.TryGetValue(key, out var old);
            if (participants.Count == 0)
            {
                return _entries.Remove(key);
            }
            if (!had && _entries.Count >= MaxEntries)
            {
                return false;
            }
            var kept = participants.Count > MaxParticipants ? participants.Take(MaxParticipants).ToList() : participants;
            _entries[key] = new Entry(kept, expires);
            return !had || !old!.Participants.SequenceEqual(kept);
        }
    }

    /// <summary>Forgets an instance that said goodbye; the sections whose lists went.</summary>
    public IReadOnlyList<int> RemoveInstance(string instance)
    {
        lock (_gate)
        {
            var gone = _entries.Keys.Where(k => k.Instance == instance).ToList();
            foreach (var key in gone)
            {
                _entries.Remove(key);
            }
            return gone.Select(k => k.SectionId).Distinct().ToList();
        }
    }

    /// <summary>Drops every list past its expiry; the sections whose lists went.</summary>
    public IReadOnlyList<int> Sweep()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var expired = _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList();
            foreach (var key in expired)
            {
                _entries.Remove(key);
            }
            return expired.Select(k => k.SectionId).Distinct().ToList();
        }
    }

    private sealed record Entry(IReadOnlyList<Participant> Participants, DateTimeOffset Expires);
}
