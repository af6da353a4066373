using PlanWorkspace.App.History;
using PlanWorkspace.App.Drafting;

namespace PlanWorkspace.App.Export;

/// <summary>The section texts of a named plan version: each section rebuilt at its pinned version.</summary>
public sealed class PlanVersionTextSource(SectionLog log, PlanVersionInfo version) : ISectionTextSource
{
    public string? VersionLabel => version.Name;

    public async Task<IReadOnlyDictionary<int, SectionText>> TextsAsync(IReadOnlyCollection<int> sectionIds, CancellationToken ct = default)
    {
        var texts = new Dictionary<int, SectionText>();
        foreach (var id in sectionIds)
        {
            if (version.Sections.TryGetValue(id, out var pinned))
            {
                if (await log.TextAtAsync(id, pinned, false, ct) is { } text)
                {
                    texts[id] = new SectionText(pinned, text.Text);
                }
            }
        }
        return texts;
    }
}
