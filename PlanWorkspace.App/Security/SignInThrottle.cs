using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PlanWorkspace.App.Security;

/// <summary>
/// Per-account back-off for sign-in instead of a lockout (ADR-008): after
/// <see cref="WebHardeningOptions.SignInFailuresBeforeBackoff"/> failures in a row, each further try
/// must wait <see cref="WebHardeningOptions.SignInFirstBackoff"/> (1 s), then twice as long each time up to <see cref="WebHardeningOptions.SignInMaxBackoff"/>; a success
/// clears it. Whoever knows an address can slow its sign-in by at most that cap, never lock it until
/// an administrator steps in; guessing stays slow from any number of addresses. In memory, per
/// instance: a restart forgets it, which only ever helps the real owner.
/// </summary>
public sealed class SignInThrottle(IOptions<WebHardeningOptions> options, TimeProvider clock)
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, Entry> _accounts = new(StringComparer.Ordinal);

    private sealed record Entry(int Failures, DateTimeOffset NotBefore);

    /// <summary>How long <paramref name="account"/> must still wait before a try is checked (zero: go ahead).</summary>
    public TimeSpan Wait(string account)
    {
        var now = clock.GetUtcNow();
        return _accounts.TryGetValue(Key(account), out var entry) && entry.NotBefore > now ? entry.NotBefore - now : TimeSpan.Zero;
    }

    /// <summary>Records a failed try (wrong password, unknown account alike, so the answer tells nothing).</summary>
    public void Failed(string account)
    {
        if (_accounts.Count >= MaxTracked)
        {
            Forget();
        }
        var now = clock.GetUtcNow();
        _accounts.AddOrUpdate(Key(account), _ => Next(0, now), (_, entry) => Next(entry.Failures, now));
    }

    public void Succeeded(string account) => _accounts.TryRemove(Key(account), out _);

    /// <summary>The wait after <paramref name="failures"/> failures in a row.</summary>
    public TimeSpan Backoff(int failures)
    {
        var over = failures - options.Value.SignInFailuresBeforeBackoff;
        if (over < 0)
        {
            return TimeSpan.Zero;
        }
        var seconds = options.Value.SignInFirstBackoff.TotalSeconds * Math.Pow(2, Math.Min(over, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.Value.SignInMaxBackoff.TotalSeconds));
    }

    private Entry Next(int failures, DateTimeOffset now)
    {
        var count = Math.Min(failures + 1, 1_000);
        return new Entry(count, now + Backoff(count));
    }

    // Bounded memory under a flood of made-up addresses: drop the entries no longer waiting.
    private void Forget()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in _accounts)
        {
            if (entry.NotBefore <= now)
            {
                _accounts.TryRemove(key, out _);
            }
        }
    }

    private static string Key(string account) => account.Trim().ToUpperInvariant();
}
