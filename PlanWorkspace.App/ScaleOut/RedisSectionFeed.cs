using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;
using StackExchange.Redis;

namespace PlanWorkspace.App.ScaleOut;

/// <summary>
/// Carries the <see cref="SectionFeed"/> between instances over Redis pub/sub (ADR-012): what one
/// instance publishes (commits, sign-off steps, plan data) is published on every other one, so
/// previews, review panels, the plan page and the notification bell update wherever the reader is
/// connected. Before a commit is told to local listeners, the section's session here (if loaded)
/// takes the updates over, so what they read holds them. Presence goes its own way (cursors ride
/// the hub's backplane, the panel's people <see cref="RedisPresence"/>). Messages go out in commit order on one connection (fire-and-forget keeps
/// Redis off the commit's latency) and are handled one at a time in arrival order.
/// </summary>
internal sealed class RedisSectionFeed(
    SectionFeed feed,
    DocumentSessionRegistry sessions,
    IConfiguration configuration,
    ILogger<RedisSectionFeed> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>A message larger than this is not taken (it could only be a foreign or broken publisher).</summary>
    internal const int MaxMessageBytes = 8 * 1024 * 1024;

    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Tells our own messages (Redis sends them back to us too) from the others'.
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _redis;
    private ChannelMessageQueue? _queue;
    private IDisposable? _subscription;
    private RedisChannel _channel;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(configuration[ScaleOutExtensions.RedisKey]!);
        options.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
        _channel = RedisChannel.Literal(ScaleOutExtensions.ChannelPrefix(configuration) + ":section-feed");
        _queue = await _redis.GetSubscriber().SubscribeAsync(_channel);
        _queue.OnMessage(ReceiveAsync);
        _subscription = feed.SubscribeAll(SendAsync);
        feed.Shared = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }

    private ValueTask SendAsync(SectionFeedEvent e)
    {
        if (e.Remote || e is PresenceChanged || _redis is null)
        {
            return ValueTask.CompletedTask;
        }
        var message = FeedMessage.From(_instance, e);
        _redis.GetSubscriber().Publish(_channel, JsonSerializer.SerializeToUtf8Bytes(message, Json), CommandFlags.FireAndForget);
        return ValueTask.CompletedTask;
    }

    private async Task ReceiveAsync(ChannelMessage received)
    {
        SectionFeedEvent? e;
        try
        {
            var bytes = (byte[]?)received.Message;
            if (bytes is null || bytes.Length > MaxMessageBytes)
            {
                return;
            }
            var message = JsonSerializer.Deserialize<FeedMessage>(bytes, Json);
            if (message is null || message.Instance == _instance)
            {
                return;
            }
            e = message.ToEvent();
        }
        catch (Exception error) when (error is JsonException or ChangeSetException or FormatException or ArgumentException or NotSupportedException)
        {
            logger.LogWarning(error, "A section-feed message from Redis could not be read; ignored.");
            return;
        }
        if (e is null)
        {
            return;
        }
        if (e is SectionCommitted commit && sessions.Loaded(commit.SectionId) is { } session)
        {
            try
            {
                await session.CatchUpAsync(commit.Version, commit.Updates, reloadMarks: commit.ReviewStored || commit.Marks.Count > 0).WaitAsync(CatchUpTimeout);
            }
            catch (Exception error)
            {
                // The session still catches up before it serves or commits (it checks the op log); the listeners hear it now anyway.
                logger.LogWarning(error, "Section {SectionId}: taking over version {Version} from another instance failed.", commit.SectionId, commit.Version);
            }
        }
        await feed.PublishAsync(e);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>One feed event on the wire: short names, the changes as collab's JSON, no presence.</summary>
    internal sealed record FeedMessage(
        [property: JsonPropertyName("i")] string Instance,
        [property: JsonPropertyName("k")] char Kind,
        [property: JsonPropertyName("s")] int SectionId,
        [property: JsonPropertyName("v")] int Version,
        [property: JsonPropertyName("u")] WireOp[]? Updates,
        [property: JsonPropertyName("m")] ReviewMarkInfo[]? Marks,
        [property: JsonPropertyName("r")] bool ReviewStored,
        [property: JsonPropertyName("x")] bool StatusChanged,
        [property: JsonPropertyName("p")] int[]? People = null)
    {
        public static FeedMessage From(string instance, SectionFeedEvent e) => e switch
        {
            SectionCommitted c => new(instance, 'c', c.SectionId, c.Version,
                c.Updates.Count == 0 ? null : c.Updates.Select(WireOp.From).ToArray(),
                c.Marks.Count == 0 ? null : [.. c.Marks], c.ReviewStored, c.StatusChanged),
            SectionStatusChanged s => new(instance, 's', s.SectionId, 0, null, null, false, false),
            PlanDataChanged => new(instance, 'p', 0, 0, null, null, false, false),
            PeopleNotified n => new(instance, 'n', 0, 0, null, null, false, false, [.. n.PersonIds]),
            _ => throw new NotSupportedException($"{e.GetType().Name} does not cross instances."),
        };

        public SectionFeedEvent? ToEvent() => Kind switch
        {
            'c' => new SectionCommitted(SectionId, Version, Updates?.Select(u => u.ToUpdate()).ToArray() ?? [], Marks ?? [], ReviewStored, StatusChanged) { Remote = true },
            's' => new SectionStatusChanged(SectionId) { Remote = true },
            'p' => new PlanDataChanged { Remote = true },
            'n' => new PeopleNotified(People ?? []) { Remote = true },
            _ => null,
        };
    }

    /// <summary>An accepted update: version, client id, author, time (Unix ms), changes.</summary>
    internal sealed record WireOp(
        [property: JsonPropertyName("v")] int Version,
        [property: JsonPropertyName("c")] string ClientId,
        [property: JsonPropertyName("a")] string Author,
        [property: JsonPropertyName("t")] long Timestamp,
        [property: JsonPropertyName("x")] string Changes)
    {
        public static WireOp From(AcceptedUpdate u) =>
            new(u.Version, u.ClientId, u.Author, u.Timestamp.ToUnixTimeMilliseconds(), u.Changes.ToJson().ToJsonString());

        public AcceptedUpdate ToUpdate() =>
            new(Version, ChangeSet.FromJson(Changes), ClientId, int.Parse(Author, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                DateTimeOffset.FromUnixTimeMilliseconds(Timestamp));
    }
}
