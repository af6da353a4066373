using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace PlanWorkspace.App.Drafting;

/// <summary>
/// Rate limits of the drafting hub, per connection and per person (all their connections
/// together), one token bucket per verb. A call over the limit is refused as transient
/// ("rate-limited"): the editor backs off and tries again, nothing is lost. Refusals are the
/// normal answer to bad input and are not logged (SignalR's dispatcher, which would log each
/// with its stack trace, is silenced in appsettings.json); anything else is logged here.
/// </summary>
public sealed class HubRateLimitFilter(IOptions<CollaborationOptions> options, ILogger<HubRateLimitFilter> logger) : IHubFilter
{
    private const string BucketsKey = "rate-buckets";

    // Per person and verb; entries are small and the committee is a few hundred people.
    private readonly ConcurrentDictionary<(string Person, string Verb), TokenBucket> _people = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var verb = invocationContext.HubMethodName;
        if (Limit(verb) is { } limit)
        {
            var context = invocationContext.Context;
            var buckets = (ConcurrentDictionary<string, TokenBucket>)(context.Items.TryGetValue(BucketsKey, out var value) && value is ConcurrentDictionary<string, TokenBucket> existing
                ? existing
                : context.Items[BucketsKey] = new ConcurrentDictionary<string, TokenBucket>());
            var connection = buckets.GetOrAdd(verb, _ => new TokenBucket(limit.Burst, limit.PerSecond));
            var person = context.User?.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.ConnectionId;
            var multiplier = Math.Max(1, options.Value.RateLimits.PersonMultiplier);
            var all = _people.GetOrAdd((person, verb), _ => new TokenBucket(limit.Burst * multiplier, limit.PerSecond * multiplier));
            if (!connection.TryTake() || !all.TryTake())
            {
                throw new HubException($"rate-limited: Too many {verb} calls; slow down and try again.");
            }
        }
        try
        {
            return await next(invocationContext);
        }
        catch (Exception e) when (e is not HubException)
        {
            logger.LogError(e, "Drafting hub: {Method} failed.", verb);
            throw;
        }
    }

    private (int Burst, int PerSecond)? Limit(string verb)
    {
        var limits = options.Value.RateLimits;
        return verb switch
        {
            "Push" => (limits.PushBurst, limits.PushPerSecond),
            "Pull" => (limits.PullBurst, limits.PullPerSecond),
            "Presence" => (limits.PresenceBurst, limits.PresencePerSecond),
            "Join" => (limits.JoinBurst, limits.JoinPerSecond),
            _ => null,
        };
    }

    /// <summary>A bucket of <c>burst</c> tokens refilled at <c>perSecond</c>; thread-safe.</summary>
    private sealed class TokenBucket(int burst, int perSecond)
    {
        private readonly object _lock = new();
        private double _tokens = burst;
        private long _last = Stopwatch.GetTimestamp();

        public bool TryTake()
        {
            lock (_lock)
            {
                var now = Stopwatch.GetTimestamp();
                _tokens = Math.Min(burst, _tokens + (Stopwatch.GetElapsedTime(_last, now).TotalSeconds * perSecond));
                _last = now;
                if (_tokens < 1)
                {
                    return false;
                }
                _tokens--;
                return true;
            }
        }
    }
}
