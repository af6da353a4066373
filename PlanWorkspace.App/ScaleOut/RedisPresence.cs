using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Identity;
using StackExchange.Redis;

namespace PlanWorkspace.App.ScaleOut;

/// <summary>
/// Presence across instances (ADR-019): each instance announces, per section, who has it open in an
/// editor here (person ids only, one per connection) on <c>&lt;prefix&gt;:presence</c> when that set
/// changes and again every <see cref="Beat"/>; the others keep each announcement for
/// <see cref="Lifetime"/> (three beats) in <see cref="RemotePresence"/>, which the presence panel
/// merges with the local participants. A killed instance's people are swept once their last
/// announcement expires; a stopping one says goodbye. Cursors are not carried: they reach the
/// editors through the hub's backplane, and the panel shows names only. Messages are untrusted:
/// bounded, parsed defensively, names and colours taken from this instance's database and palette.
/// </summary>
internal sealed class RedisPresence(
    SectionFeed feed,
    DocumentSessionRegistry sessions,
    RemotePresence remote,
    IDbContextFactory<PlanDbContext> dbFactory,
    IConfiguration configuration,
    ILogger<RedisPresence> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>How often an instance re-announces its sections.</summary>
    internal static readonly TimeSpan Beat = TimeSpan.FromSeconds(2);

    /// <summary>How long an announcement counts: three beats, so one or two lost messages do not flicker the panel.</summary>
    internal static readonly TimeSpan Lifetime = 3 * Beat;

    /// <summary>How often changes are sent and expiries swept: a join shows elsewhere within this plus Redis's delivery.</summary>
    internal static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <summary>A message larger than this is not read (200 person ids fit in under 2 KB).</summary>
    internal const int MaxMessageBytes = 16 * 1024;

    private const int MaxNames = 10_000;
    private static readonly TimeSpan NameAge = TimeSpan.FromMinutes(5);
    // Strict: no numbers from strings (the web defaults' leniency), names as declared.
    private static readonly JsonSerializerOptions Json = new();

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<int, byte> _changed = new();
    private readonly Dictionary<int, int[]> _announced = [];
    private readonly ConcurrentDictionary<int, (string? Name, DateTimeOffset ReadAt)> _names = new();
    private readonly CancellationTokenSource _stopping = new();
    private ConnectionMultiplexer? _redis;
    private ChannelMessageQueue? _queue;
    private IDisposable? _subscription;
    private RedisChannel _channel;
    private Task _loop = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(configuration[ScaleOutExtensions.RedisKey]!);
        options.AbortOnConnectFail = false;
        // Its own connection: presence beats must not queue behind (or ahead of) the commits' feed.
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
        _channel = RedisChannel.Literal(ScaleOutExtensions.ChannelPrefix(configuration) + ":presence");
        _queue = await _redis.GetSubscriber().SubscribeAsync(_channel);
        _queue.OnMessage(ReceiveAsync);
        _subscription = feed.SubscribeAll(e =>
        {
            if (e is PresenceChanged && !e.Remote)
            {
                _changed.TryAdd(e.SectionId, 0);
            }
        });
        _loop = RunAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await _stopping.CancelAsync();
        await _loop;
        if (_redis is not null)
        {
            try
            {
                // Goodbye: the others drop our people now instead of after their expiry.
                await _redis.GetSubscriber().PublishAsync(_channel, Serialize(new PresenceMessage(_instance, 0, null, Gone: true))).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception error) when (error is RedisException or TimeoutException or OperationCanceledException)
            {
                logger.LogInformation(error, "The presence goodbye was not sent; the others expire our people.");
            }
        }
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Tick);
        var beatEvery = (int)(Beat / Tick);
        try
        {
            for (var tick = 1; await timer.WaitForNextTickAsync(stopping); tick++)
            {
                try
                {
                    Announce(beat: tick % beatEvery == 0);
                    foreach (var sectionId in remote.Sweep())
                    {
                        await feed.PublishAsync(new PresenceChanged(sectionId) { Remote = true });
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // The next tick tries again; a background failure must not stop presence for good.
                    logger.LogWarning(error, "Announcing presence failed.");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    // Sends the sections whose people changed, and on a beat every section with people here.
    private void Announce(bool beat)
    {
        var due = new HashSet<int>();
        foreach (var sectionId in _changed.Keys)
        {
            _changed.TryRemove(sectionId, out _);
            due.Add(sectionId);
        }
        if (beat)
        {
            due.UnionWith(_announced.Keys);
        }
        foreach (var sectionId in due)
        {
            var people = (sessions.Loaded(sectionId)?.Participants() ?? [])
                .Select(p => p.PersonId).Order().Take(RemotePresence.MaxParticipants).ToArray();
            var last = _announced.GetValueOrDefault(sectionId);
            if (!beat && last is not null && last.SequenceEqual(people))
            {
                continue; // A cursor moved: nothing the panel shows.
            }
            if (last is null && people.Length == 0)
            {
                continue;
            }
            if (people.Length == 0)
            {
                _announced.Remove(sectionId);
            }
            else
            {
                _announced[sectionId] = people;
            }
            _redis!.GetSubscriber().Publish(_channel, Serialize(new PresenceMessage(_instance, sectionId, people, Gone: false)), CommandFlags.FireAndForget);
        }
    }

    private async Task ReceiveAsync(ChannelMessage received)
    {
        var message = Parse((byte[]?)received.Message, logger);
        if (message is null || message.Instance == _instance)
        {
            return;
        }
        IReadOnlyList<int> changed;
        if (message.Gone)
        {
            changed = remote.RemoveInstance(message.Instance);
        }
        else
        {
            IReadOnlyList<Participant> participants;
            try
            {
                participants = await ParticipantsAsync(message);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The next beat brings the same list again.
                logger.LogWarning(error, "Names for a presence announcement could not be read.");
                return;
            }
            changed = remote.Replace(message.Instance, message.SectionId, participants, Lifetime) ? [message.SectionId] : [];
        }
        foreach (var sectionId in changed)
        {
            await feed.PublishAsync(new PresenceChanged(sectionId) { Remote = true });
        }
    }

    /// <summary>
    /// Reads a message; null for anything malformed, oversized or out of range (a foreign or broken
    /// publisher), which is logged and ignored.
    /// </summary>
    internal static PresenceMessage? Parse(byte[]? bytes, ILogger logger)
    {
        if (bytes is null || bytes.Length is 0 or > MaxMessageBytes)
        {
            return null;
        }
        PresenceMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<PresenceMessage>(bytes, Json);
        }
        catch (JsonException error)
        {
            logger.LogWarning(error, "A presence message from Redis could not be read; ignored.");
            return null;
        }
        var valid = message is not null
            && message.Instance is { Length: > 0 and <= 64 } instance && instance.All(char.IsAsciiLetterOrDigit)
            && (message.Gone
                ? message.SectionId == 0
                : message.SectionId > 0 && message.People is { Length: <= RemotePresence.MaxParticipants } people && people.All(id => id > 0));
        if (!valid)
        {
            logger.LogWarning("A presence message from Redis was out of range; ignored.");
            return null;
        }
        return message;
    }

    // Names from our own database (a message carries ids only): an id nobody has is dropped.
    private async Task<IReadOnlyList<Participant>> ParticipantsAsync(PresenceMessage message)
    {
        var people = message.People!;
        var now = DateTimeOffset.UtcNow;
        var unknown = people.Distinct().Where(id => !_names.TryGetValue(id, out var n) || now - n.ReadAt > NameAge).ToList();
        if (unknown.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(_stopping.Token);
            var found = await db.People.AsNoTracking().Where(p => unknown.Contains(p.Id))
                .Select(p => new { p.Id, p.DisplayName }).ToDictionaryAsync(p => p.Id, p => p.DisplayName, _stopping.Token);
            if (_names.Count + unknown.Count > MaxNames)
            {
                _names.Clear();
            }
            foreach (var id in unknown)
            {
                _names[id] = (found.GetValueOrDefault(id), now);
            }
        }
        var participants = new List<Participant>(people.Length);
        for (var i = 0; i < people.Length; i++)
        {
            if (_names.TryGetValue(people[i], out var n) && n.Name is { } name)
            {
                var connection = string.Create(CultureInfo.InvariantCulture, $"{message.Instance}/{i}");
                participants.Add(new Participant(connection, people[i], name, PersonColors.Of(people[i]), 0, 0));
            }
        }
        return participants;
    }

    private static byte[] Serialize(PresenceMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, Json);

    public async ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>One announcement: the instance, the section, a person id per editor connection there; or the instance's goodbye.</summary>
    internal sealed record PresenceMessage(
        [property: JsonPropertyName("i")] string Instance,
        [property: JsonPropertyName("s")] int SectionId,
        [property: JsonPropertyName("p")] int[]? People,
        [property: JsonPropertyName("g")] bool Gone);
}
