using PlanWorkspace.Domain.Outcomes;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.App.History;

/// <summary>A person in an authorship legend; person 0 is the text the section started with.</summary>
public sealed record AuthorInfo(int PersonId, string Name, string Color);

/// <summary>Who wrote each character of a version: spans in document order and a legend of the people in them.</summary>
public sealed record AuthorshipView(int Version, IReadOnlyList<AuthorshipSpan> Spans, IReadOnlyList<AuthorInfo> Legend);

/// <summary>What the history page needs to know about a section and the actor.</summary>
public sealed record HistorySection(int SectionId, string Title, int BodyId, int LatestVersion, bool CanName, bool CanRestore);

/// <summary>A checkpoint with its authors' names, for the timeline.</summary>
public sealed record TimelineEntry(Checkpoint Checkpoint, IReadOnlyList<AuthorInfo> Authors, bool Open);

/// <summary>A page of the timeline, newest first.</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Entries, int Total, int Page, int PageSize);

/// <summary>A named version with who named it.</summary>
public sealed record NamedVersionInfo(int Id, int Version, string Name, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A version's text, its rendered Markdown and (when asked) its authorship.</summary>
public sealed record VersionContent(int Version, string Text, string Html, AuthorshipView? Authorship);

/// <summary>A plan version and the section versions it is made of.</summary>
public sealed record PlanVersionInfo(int Id, string Name, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyDictionary<int, int> Sections);

/// <summary>One section compared between two plan versions.</summary>
/// <remarks>With <paramref name="TooLarge"/> the texts were past the diff limits and <paramref name="Segments"/> is empty: offer the two versions as downloads.</remarks>
public sealed record SectionComparison(int SectionId, string Title, int BodyId, int? FromVersion, int? ToVersion, IReadOnlyList<DiffSegment> Segments, bool TooLarge = false)
{
    public bool Changed => TooLarge || Segments.Any(s => s.Kind != DiffKind.Equal);
}

/// <summary>
/// The version history of sections and of the plan, with every permission checked here: readers of
/// a section (<see cref="AccessPolicy.CanReadSection(Actor, int)"/>) see its history; its writers and the
/// vice-chair name versions; its writers restore one; the vice-chair names and compares plan versions.
/// </summary>
public sealed class HistoryService(
    HistoryStore store,
    SectionLog log,
    DocumentSessionRegistry sessions,
    IDbContextFactory<PlanDbContext> dbFactory,
    MarkdownRenderer renderer,
    IOptions<HistoryOptions> options,
    TimeProvider clock)
{

    private const string OriginalColor = "#9e9e9e";

    /// <summary>The section, its latest version and what the actor may do, or an error when it is missing or unreadable.</summary>
    public async Task<Result<HistorySection>> SectionAsync(Actor actor, int sectionId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var section = await db.Sections.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sectionId, ct);
        if (section is null)
        {
            return Refusals.History.NotFound;
        }
        if (!AccessPolicy.CanReadSection(actor, section))
        {
            return Refusals.History.NotAllowed;
        }
        var latest = await log.LatestVersionAsync(sectionId, ct);
        return new HistorySection(section.Id, section.Title, section.BodyId, latest,
            CanName(actor, section.BodyId), AccessPolicy.CanEditSection(actor, section.BodyId));
    }

    /// <summary>Chairs (writers) of the section's body and the vice-chair name versions.</summary>
    public static bool CanName(Actor actor, int bodyId) => actor.IsViceChair || AccessPolicy.CanEditSection(actor, bodyId);

    /// <summary>A page (0-based) of automatic checkpoints, newest first.</summary>
    public async Task<Result<TimelinePage>> TimelineAsync(Actor actor, int sectionId, int page, CancellationToken ct = default)
    {
        var section = await SectionAsync(actor, sectionId, ct);
        if (!section.Succeeded)
        {
            return section.Refusal!;
        }
        var size = options.Value.PageSize;
        var (items, total) = await store.CheckpointsAsync(sectionId, Math.Max(0, page) * size, size, ct);
        var people = await PeopleAsync(items.SelectMany(c => c.AuthorIds), ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var quiet = (long)options.Value.QuietPeriod.TotalMilliseconds;
        var entries = items.Select((c, i) => new TimelineEntry(c, c.AuthorIds.Select(a => people[a]).ToList(),
            page == 0 && i == 0 && now - c.EndedAt < quiet)).ToList();
        return new TimelinePage(entries, total, Math.Max(0, page), size);
    }

    /// <summary>The checkpoint at <paramref name="index"/> from the oldest (the slider), or null.</summary>
    public async Task<Checkpoint?> CheckpointAtAsync(Actor actor, int sectionId, int index, CancellationToken ct = default)
    {
        var section = await SectionAsync(actor, sectionId, ct);
        return section.Succeeded ? await store.CheckpointAtAsync(sectionId, index, ct) : null;
    }

    /// <summary>The section's named versions, newest first.</summary>
    public async Task<Result<IReadOnlyList<NamedVersionInfo>>> NamedVersionsAsync(Actor actor, int sectionId, CancellationToken ct = default)
    {
        var section = await SectionAsync(actor, sectionId, ct);
        if (!section.Succeeded)
        {
            return section.Refusal!;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<NamedVersion>().AsNoTracking().Where(n => n.SectionId == sectionId)
            .OrderByDescending(n => n.Version).ThenByDescending(n => n.Id).ToListAsync(ct);
        var people = await PeopleAsync(rows.Select(r => r.CreatedById), ct);
        return new(rows.Select(r => new NamedVersionInfo(r.Id, r.Version, r.Name, people[r.CreatedById].Name, r.CreatedAt)).ToList(), null);
    }

    /// <summary>The text and rendered Markdown of a version, with authorship when asked.</summary>
    public async Task<Result<VersionContent>> VersionAsync(Actor actor, int sectionId, int version, bool withAuthorship, CancellationToken ct = default)
    {
        var section = await SectionAsync(actor, sectionId, ct);
        if (!section.Succeeded)
        {
            return section.Refusal!;
        }
        if (version < 0 || version > section.Value!.LatestVersion)
        {
            return Refusals.History.NoSuchVersion;
        }
        var rebuilt = await TextAtAsync(sectionId, version, withAuthorship, ct);
        var authorship = rebuilt.Authorship is null ? null : await ToViewAsync(version, rebuilt.Authorship, ct);
        var markdown = await renderer.ForSectionAsync(section.Value!.BodyId, ct);
        return new VersionContent(version, rebuilt.Text, markdown.ToHtml(rebuilt.Text), authorship);
    }

    /// <summary>
    /// Who wrote each character at <paramref name="version"/> (the latest when null): spans
    /// <c>(from, to, personId)</c> in UTF-16 code units and a legend of names and colours (the
    /// colours of the editor's cursors). The API the live editor's authorship toggle uses.
    /// </summary>
    public async Task<Result<AuthorshipView>> AuthorshipAsync(Actor actor, int sectionId, int? version = null, CancellationToken ct = default)
    {
        var section = await SectionAsync(actor, sectionId, ct);
        if (!section.Succeeded)
        {
            return section.Refusal!;
        }
        var at = version ?? section.Value!.LatestVersion;
        if (at < 0 || at > section.Value!.LatestVersion)
        {
            return Refusals.History.NoSuchVersion;
        }
        var rebuilt = await TextAtAsync(sectionId, at, withAuthorship: true, ct);
        return await ToViewAsync(at, rebuilt.Authorship!, ct);
    }

    /// <summary>The text of a version (for a download), or an error when it is missing or unreadable.</summary>
    public async Task<Result<string>> TextAsync(Actor actor, int sectionId, int version, CancellationToken ct = default)
    {
        var section = await SectionAsync(actor, sectionId, ct);
        if (!section.Succeeded)
        {
            return section.Refusal!;
        }
        if (version < 0 || version > section.Value!.LatestVersion)
        {
            return Refusals.History.NoSuchVersion;
        }
        return (await TextAtAsync(sectionId, version, false, ct)).Text;
    }

    /// <summary>
    /// The word-level diff from version <paramref name="from"/> to <paramref name="to"/>, or
    /// <see cref="Refusals.History.TooLargeToCompare"/> when either text is past <see cref="HistoryOptions.DiffLimits"/>
    /// (the page then offers both versions as downloads).
    /// </summary>
    public async Task<Result<IReadOnlyList<DiffSegment>>> DiffAsync(Actor actor, int sectionId, int from, int to, CancellationToken ct = default)
    {
        var section = await SectionAsync(actor, sectionId, ct);
        if (!section.Succeeded)
        {
            return section.Refusal!;
        }
        var latest = section.Value!.LatestVersion;
        if (from < 0 || to < 0 || from > latest || to > latest)
        {
            return Refusals.History.NoSuchVersion;
        }
        var oldText = (await TextAtAsync(sectionId, from, false, ct)).Text;
        var newText = (await TextAtAsync(sectionId, to, false, ct)).Text;
        var limits = options.Value.DiffLimits;
        return TextDiff.Exceeds(oldText, newText, limits)
            ? Refusals.History.TooLargeToCompare
            : new Result<IReadOnlyList<DiffSegment>>(TextDiff.Compute(oldText, newText, limits), null);
    }

    /// <summary>Names a version of the section (its writers and the vice-chair).</summary>
    public async Task<Result<NamedVersionInfo>> NameVersionAsync(Actor actor, int sectionId, int version, string? name, CancellationToken ct = default)
    {
        var section = await SectionAsync(actor, sectionId, ct);
        if (!section.Succeeded)
        {
            return section.Refusal!;
        }
        if (!section.Value!.CanName)
        {
            return Refusals.History.NotAllowed;
        }
        if (version < 0 || version > section.Value.LatestVersion)
        {
            return Refusals.History.NoSuchVersion;
        }
        NamedVersion named;
        try
        {
            named = new NamedVersion(sectionId, version, name ?? string.Empty, actor.PersonId, clock.GetUtcNow());
        }
        catch (DomainException)
        {
            return Refusals.History.NameInvalid;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Add(named);
        await db.SaveChangesAsync(ct);
        return new NamedVersionInfo(named.Id, named.Version, named.Name, actor.DisplayName, named.CreatedAt);
    }

    /// <summary>
    /// Restores <paramref name="version"/> as a new edit: the lines that differ between the current
    /// text and that version are replaced through the live session, like any push (everyone
    /// connected sees it, anchors are mapped, history is kept). Returns the new version.
    /// </summary>
    public async Task<Result<int>> RestoreAsync(Actor actor, int sectionId, int version, CancellationToken ct = default)
    {
        var section = await SectionAsync(actor, sectionId, ct);
        if (!section.Succeeded)
        {
            return section.Refusal!;
        }
        if (!section.Value!.CanRestore)
        {
            return Refusals.History.NotAllowed;
        }
        var session = await sessions.GetAsync(sectionId);
        if (session is null)
        {
            return Refusals.History.NotFound;
        }
        var (current, text) = session.Current();
        if (version < 0 || version > current)
        {
            return Refusals.History.NoSuchVersion;
        }
        var target = (await TextAtAsync(sectionId, version, false, ct)).Text;
        if (target == text)
        {
            return Refusals.History.AlreadyCurrent;
        }
        var changes = TextDiff.ToChangeSet(text, target);
        try
        {
            // Pushed at the version diffed against: edits that arrive meanwhile are rebased as any push's.
            var outcome = await session.PushAsync(current, [new ClientUpdate(changes, $"restore-{Guid.NewGuid():N}")], actor.PersonId);
            return outcome.Accepted.Count > 0 ? outcome.Version : Refusals.History.RestoreFailed;
        }
        catch (CollaborationException)
        {
            return Refusals.History.RestoreFailed;
        }
    }

    /// <summary>Names the current version of every section as a plan version (vice-chair only).</summary>
    public async Task<Result<PlanVersionInfo>> NamePlanVersionAsync(Actor actor, string? name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsViceChair)
        {
            return Refusals.History.NotAllowed;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sectionIds = await db.Sections.Select(s => s.Id).ToListAsync(ct);
        var versions = new Dictionary<int, int>();
        foreach (var id in sectionIds)
        {
            versions[id] = await log.LatestVersionAsync(id, ct);
        }
        PlanVersion plan;
        try
        {
            plan = new PlanVersion(name ?? string.Empty, versions, actor.PersonId, clock.GetUtcNow());
        }
        catch (DomainException)
        {
            return Refusals.History.NameInvalid;
        }
        db.Add(plan);
        await db.SaveChangesAsync(ct);
        return new PlanVersionInfo(plan.Id, plan.Name, actor.DisplayName, plan.CreatedAt, versions);
    }

    /// <summary>The plan versions, newest first (everyone who reads sections sees them).</summary>
    public async Task<IReadOnlyList<PlanVersionInfo>> PlanVersionsAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plans = await db.Set<PlanVersion>().AsNoTracking().OrderByDescending(p => p.Id).ToListAsync(ct);
        var people = await PeopleAsync(plans.Select(p => p.CreatedById), ct);
        // Only the sections this reader may read: an advisor's table counts what their export holds.
        var readable = (await db.Sections.AsNoTracking().Select(s => new { s.Id, s.BodyId }).ToListAsync(ct))
            .Where(s => AccessPolicy.CanReadSection(actor, s.BodyId)).Select(s => s.Id).ToHashSet();
        return plans.Select(p => new PlanVersionInfo(p.Id, p.Name, people[p.CreatedById].Name, p.CreatedAt,
            p.Entries.Where(e => readable.Contains(e.SectionId)).ToDictionary(e => e.SectionId, e => e.Version))).ToList();
    }

    /// <summary>Every section the actor may read, compared between two plan versions (a section missing from one compares with empty text).</summary>
    public async Task<Result<IReadOnlyList<SectionComparison>>> ComparePlanVersionsAsync(Actor actor, int fromPlanId, int toPlanId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plans = await db.Set<PlanVersion>().AsNoTracking().Where(p => p.Id == fromPlanId || p.Id == toPlanId).ToListAsync(ct);
        var from = plans.FirstOrDefault(p => p.Id == fromPlanId);
        var to = plans.FirstOrDefault(p => p.Id == toPlanId);
        if (from is null || to is null)
        {
            return Refusals.History.NotFound;
        }
        var sections = await db.Sections.AsNoTracking().OrderBy(s => s.BodyId).ThenBy(s => s.Order).ToListAsync(ct);
        var result = new List<SectionComparison>();
        foreach (var section in sections.Where(s => AccessPolicy.CanReadSection(actor, s)))
        {
            int? a = from.Entries.FirstOrDefault(e => e.SectionId == section.Id)?.Version;
            int? b = to.Entries.FirstOrDefault(e => e.SectionId == section.Id)?.Version;
            if (a is null && b is null)
            {
                continue;
            }
            var oldText = a is { } av ? (await TextAtAsync(section.Id, av, false, ct)).Text : string.Empty;
            var newText = b is { } bv ? (await TextAtAsync(section.Id, bv, false, ct)).Text : string.Empty;
            var limits = options.Value.DiffLimits;
            result.Add(a == b ? new SectionComparison(section.Id, section.Title, section.BodyId, a, b, [new DiffSegment(DiffKind.Equal, newText)])
                : TextDiff.Exceeds(oldText, newText, limits) ? new SectionComparison(section.Id, section.Title, section.BodyId, a, b, [], TooLarge: true)
                : new SectionComparison(section.Id, section.Title, section.BodyId, a, b, TextDiff.Compute(oldText, newText, limits)));
        }
        return new(result, null);
    }

    private async Task<AuthorshipView> ToViewAsync(int version, AuthorshipMap map, CancellationToken ct)
    {
        var spans = map.Spans();
        var people = await PeopleAsync(spans.Select(s => s.PersonId), ct);
        return new AuthorshipView(version, spans, people.Values.OrderBy(p => p.PersonId).ToList());
    }

    private async Task<Dictionary<int, AuthorInfo>> PeopleAsync(IEnumerable<int> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.People.AsNoTracking().Where(p => wanted.Contains(p.Id))
            .Select(p => new { p.Id, p.DisplayName }).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        return wanted.ToDictionary(id => id, id => id == 0
            ? new AuthorInfo(0, string.Empty, OriginalColor)
            : new AuthorInfo(id, found.GetValueOrDefault(id) ?? $"#{id}", DraftingService.ColorOf(id)));
    }

    // The log answers null for a version it does not hold; here that is the caller's mistake.
    private async Task<VersionText> TextAtAsync(int sectionId, int version, bool withAuthorship, CancellationToken ct) =>
        await log.TextAtAsync(sectionId, version, withAuthorship, ct)
            ?? throw new DomainException(Refusals.History.NoSuchVersion.With(version));
}
