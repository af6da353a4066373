using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;

namespace PlanWorkspace.App.Export;

/// <summary>The text of a section at some version: the live text, or a pinned one.</summary>
public readonly record struct SectionText(int Version, string Markdown);

/// <summary>
/// Where an assembled plan takes its section texts from. <see cref="LiveSectionTextSource"/> gives the
/// latest text; a named plan version gives each section's pinned version instead (the seam for
/// version history: implement this and pass it to <see cref="AssembledPlanService.AssembleAsync"/>).
/// </summary>
public interface ISectionTextSource
{
    /// <summary>A label for the version exported (shown on the title page), or null for the live plan.</summary>
    string? VersionLabel { get; }

    /// <summary>The texts of the given sections, keyed by section id; a missing key leaves the section out.</summary>
    Task<IReadOnlyDictionary<int, SectionText>> TextsAsync(IReadOnlyCollection<int> sectionIds, CancellationToken ct = default);
}

/// <summary>
/// The latest text of each section: the live session's when it is loaded, else the stored Markdown
/// copy when it is up to date with the op log, else the section is loaded (which replays the log
/// and refreshes the copy).
/// </summary>
public sealed class LiveSectionTextSource(IDbContextFactory<PlanDbContext> dbFactory, DocumentSessionRegistry sessions, SectionLog log) : ISectionTextSource
{
    public string? VersionLabel => null;

    public async Task<IReadOnlyDictionary<int, SectionText>> TextsAsync(IReadOnlyCollection<int> sectionIds, CancellationToken ct = default)
    {
        var texts = new Dictionary<int, SectionText>();
        var stored = await StoredAsync(sectionIds, ct);
        foreach (var id in sectionIds)
        {
            if (sessions.Loaded(id) is { } live)
            {
                var (version, text) = live.Current();
                texts[id] = new(version, text);
            }
            else if (stored.TryGetValue(id, out var copy) && copy.UpToDate)
            {
                texts[id] = new(copy.Version, copy.Markdown);
            }
            else if (await sessions.GetAsync(id) is { } loaded)
            {
                var (version, text) = loaded.Current();
                texts[id] = new(version, text);
            }
        }
        return texts;
    }

    private async Task<Dictionary<int, (int Version, string Markdown, bool UpToDate)>> StoredAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sections = await db.Sections.Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.TextVersion, s.Markdown }).ToListAsync(ct);
        var latestOps = await log.LatestVersionsAsync(ids, ct);
        return sections.ToDictionary(
            s => s.Id,
            s => (s.TextVersion, s.Markdown, latestOps.GetValueOrDefault(s.Id) <= s.TextVersion));
    }
}
