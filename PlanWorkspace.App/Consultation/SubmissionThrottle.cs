using System.Collections.Concurrent;

namespace PlanWorkspace.App.Consultation;

/// <summary>
/// Counts accepted web opinions per client address in a sliding window, in memory. A slot is
/// reserved before saving and given back if the submission is refused after all, so refused
/// submissions do not use up a person's allowance. One instance per app; behind several instances
/// the per-e-mail limit (counted in the database) still holds.
/// </summary>
public sealed class SubmissionThrottle(TimeProvider clock)
{
    private const int MaxTrackedAddresses = 100_000;
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _recent = new();

    /// <summary>Takes a slot for <paramref name="address"/> unless it already has <paramref name="limit"/> in <paramref name="window"/>.</summary>
    public bool TryReserve(string address, int limit, TimeSpan window, out DateTimeOffset slot)
    {
        var now = slot = clock.GetUtcNow();
        if (_recent.Count > MaxTrackedAddresses)
        {
            Prune(now - window);
        }
        var times = _recent.GetOrAdd(address, _ => []);
        lock (times)
        {
            times.RemoveAll(t => t <= now - window);
            if (times.Count >= limit)
            {
                return false;
            }
            times.Add(now);
            return true;
        }
    }

    /// <summary>Gives back a slot taken by <see cref="TryReserve"/>.</summary>
    public void Release(string address, DateTimeOffset slot)
    {
        if (_recent.TryGetValue(address, out var times))
        {
            lock (times)
            {
                times.Remove(slot);
            }
        }
    }

    private void Prune(DateTimeOffset before)
    {
        foreach (var (address, times) in _recent)
        {
            lock (times)
            {
                times.RemoveAll(t => t <= before);
                if (times.Count == 0)
                {
                    _recent.TryRemove(address, out _);
                }
            }
        }
    }
}
