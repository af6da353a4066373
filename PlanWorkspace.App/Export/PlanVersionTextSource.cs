using PlanWorkspace.App.History;

namespace PlanWorkspace.App.Export;

/// <summary>The section texts of a named plan version: each section rebuilt at its pinned version.</summary>
public sealed class PlanVersionTextSource(HistoryStore store, PlanVersionInfo version) : ISectionTextSource
{
    public string? VersionLabel => version.Name;

    public async Task<IReadOnlyDictionary<int, SectionText>> TextsAsync(IReadOnlyCollection<int> sectionIds, CancellationToken ct = default)
    {
        var texts = new Dictionary<int, SectionText>();
        foreach (var id in sectionIds)
        {
            if (version.Sections.TryGetValue(id, out var pinned))
            {
                texts[id] = new SectionText(pinned, (await store.RebuildAsync(id, pinned, false, ct)).Text);
            }
        }
        return texts;
    }
}
