using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.App.Review;

/// <summary>One notification as its person sees it, with the link that opens the passage.</summary>
public sealed record NotificationView(
    int Id, int SectionId, string SectionTitle, NotificationTopic Topic, SectionEventKind? Kind, string? ActorName, string? MarkId,
    DateTimeOffset At, bool Read)
{
    /// <summary>The section page, showing the suggestion or thread when there is one.</summary>
    public string Link => MarkId is null
        ? string.Create(CultureInfo.InvariantCulture, $"sections/{SectionId}")
        : string.Create(CultureInfo.InvariantCulture, $"sections/{SectionId}?mark={MarkId}");
}

/// <summary>
/// Everything addressed to a person: sign-off steps and what colleagues did that concerns them
/// (a mention, a reply in their thread or on their suggestion, a decision on their suggestion).
/// Rows are written in the transaction of the action (<see cref="AddAsync"/>); then
/// <see cref="AnnounceAsync"/> tells open pages (the bell) through the <see cref="SectionFeed"/>
/// whom to refresh (<see cref="PeopleNotified"/>).
/// </summary>
public sealed class NotificationService(IDbContextFactory<PlanDbContext> dbFactory, SectionFeed feed, TimeProvider clock)
{
    public const int PageSize = 200;

    /// <summary>Tells the live feed that notifications for these people were stored.</summary>
    public async ValueTask AnnounceAsync(IReadOnlyCollection<int> personIds)
    {
        if (personIds.Count > 0)
        {
            await feed.PublishAsync(new PeopleNotified([.. personIds]));
        }
    }

    /// <summary>
    /// Adds a notification for each of <paramref name="recipients"/> who may still read the body's
    /// sections (current memberships), except the actor; returns who was notified.
    /// </summary>
    internal static async Task<IReadOnlyList<int>> AddAsync(PlanDbContext db, int bodyId, int sectionId, NotificationTopic topic, int actorId,
        string markId, IEnumerable<int> recipients, DateTimeOffset now)
    {
        var wanted = recipients.Where(id => id != actorId).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        var people = await db.People.AsNoTracking().Include(p => p.Memberships).Where(p => wanted.Contains(p.Id)).ToListAsync();
        var readers = people.Where(p => AccessPolicy.CanReadSection(Actor.From(p), bodyId)).Select(p => p.Id).ToList();
        foreach (var id in readers)
        {
            db.Notifications.Add(new Notification(id, sectionId, topic, actorId, markId, now));
        }
        return readers;
    }

    /// <summary>The actor's notifications, newest first (unread only when <paramref name="unreadOnly"/>), in sections they may still read.</summary>
    public async Task<IReadOnlyList<NotificationView>> ListAsync(Actor actor, bool unreadOnly, int limit = PageSize, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, PageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readable = await ReviewQueries.ReadableSectionsAsync(db, actor, null, ct);
        var ids = readable.Keys.ToList();
        var rows = await db.Notifications.AsNoTracking()
            .Where(n => n.PersonId == actor.PersonId && ids.Contains(n.SectionId) && (!unreadOnly || n.ReadAt == null))
            .OrderByDescending(n => n.Id).Take(limit).ToListAsync(ct);
        var names = await ReviewQueries.NamesAsync(db, rows.Where(n => n.ActorId != null).Select(n => n.ActorId!.Value), ct);
        return rows.Select(n => new NotificationView(n.Id, n.SectionId, readable[n.SectionId].Title, n.Topic, n.Kind,
            n.ActorId is { } a ? names.GetValueOrDefault(a) : null, n.MarkId, n.At, n.ReadAt is not null)).ToList();
    }

    /// <summary>Marks one of the actor's notifications read, or all of them when <paramref name="id"/> is null. Others' are never touched.</summary>
    public async Task MarkReadAsync(Actor actor, int? id = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unread = db.Notifications.Where(n => n.PersonId == actor.PersonId && n.ReadAt == null);
        if (id is { } one)
        {
            unread = unread.Where(n => n.Id == one);
        }
        foreach (var notification in await unread.ToListAsync(ct))
        {
            notification.MarkRead(clock.GetUtcNow());
        }
        await db.SaveChangesAsync(ct);
        await AnnounceAsync([actor.PersonId]);
    }
}
