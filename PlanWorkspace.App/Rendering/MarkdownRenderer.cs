using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PlanWorkspace.App.Data;

namespace PlanWorkspace.App.Rendering;

/// <summary>
/// The one way a section's Markdown becomes HTML outside the assembled plan — the live preview,
/// history and its diffs, the review queue: the plan's pipeline (<see cref="PlanHtmlRenderer"/>,
/// sanitised by <see cref="HtmlPolicy"/>, outline-numbered) with the shortcodes rendered as cards
/// from the plan data as it is now, in the current UI culture.
/// </summary>
public sealed class MarkdownRenderer(
    PlanHtmlRenderer html,
    IDbContextFactory<PlanDbContext> dbFactory,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider clock)
{
    /// <summary>The bodies, targets and initiatives shortcodes render, as stored now.</summary>
    public async Task<PlanFacts> FactsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new PlanFacts(
            await db.Bodies.AsNoTracking().OrderBy(b => b.Order).ToListAsync(ct),
            await db.Targets.AsNoTracking().OrderBy(t => t.Key).ToListAsync(ct),
            await db.Initiatives.AsNoTracking().ToListAsync(ct),
            DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
    }

    /// <summary>A renderer for the text of a section of <paramref name="bodyId"/> (whose initiatives <c>{{initiatives}}</c> lists).</summary>
    public async Task<SectionMarkdown> ForSectionAsync(int bodyId, CancellationToken ct = default) =>
        For(await FactsAsync(ct), bodyId);

    /// <summary>A renderer over plan data already loaded.</summary>
    public SectionMarkdown For(PlanFacts facts, int bodyId) =>
        new(html, facts, bodyId, new PlanLabels(localizer, CultureInfo.CurrentUICulture));
}

/// <summary>Renders one section's Markdown with its plan data and labels fixed (synchronous, for render paths).</summary>
public sealed class SectionMarkdown(PlanHtmlRenderer html, PlanFacts facts, int bodyId, PlanLabels labels)
{
    public string ToHtml(string markdown) => html.ToHtml(markdown, facts, bodyId, labels);
}
