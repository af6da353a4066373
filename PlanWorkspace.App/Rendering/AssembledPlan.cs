using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Rendering;

/// <summary>
/// The whole plan as one document: every readable section's text, in plan order under its
/// body, with the structured data its shortcodes and annex draw on. Every view and exporter
/// renders from this model only, so a named plan version (a set of section versions) is
/// exported by assembling it from another <see cref="ISectionTextSource"/>.
/// </summary>
public sealed record AssembledPlan(
    string Title,
    string Committee,
    string Vision,
    DateTimeOffset AssembledAt,
    string? VersionLabel,
    IReadOnlyList<AssembledBody> Bodies,
    PlanFacts Facts)
{
    /// <summary>Every section, in plan order.</summary>
    public IEnumerable<AssembledSection> Sections => Bodies.SelectMany(b => b.Sections);
}

/// <summary>A body with its outline number ("1.") and its sections.</summary>
public sealed record AssembledBody(Body Body, string Number, IReadOnlyList<AssembledSection> Sections);

/// <summary>
/// One section as assembled: its outline number ("가."), the text at <see cref="Version"/>,
/// who wrote it and when it last changed.
/// </summary>
public sealed record AssembledSection(
    int Id,
    int BodyId,
    string Number,
    string Title,
    SectionStatus Status,
    IReadOnlyList<string> Authors,
    DateTimeOffset LastChange,
    int Version,
    string Markdown)
{
    /// <summary>The anchor of the section in the HTML views (the table of contents links to it).</summary>
    public string Anchor => $"section-{Id}";
}

/// <summary>The structured plan data shortcodes and the annex render: targets, initiatives, and the date statuses are computed on.</summary>
public sealed record PlanFacts(IReadOnlyList<Body> Bodies, IReadOnlyList<Target> Targets, IReadOnlyList<Initiative> Initiatives, DateOnly Today)
{
    public static PlanFacts Empty { get; } = new([], [], [], DateOnly.MinValue);

    public Target? Target(string key) => Targets.FirstOrDefault(t => t.Key == key);

    public IEnumerable<Initiative> InitiativesOf(int bodyId) =>
        Initiatives.Where(i => i.BodyId == bodyId).OrderBy(i => i.Code, StringComparer.Ordinal);
}
