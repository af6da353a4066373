using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Domain.History;

/// <summary>A version of one section that someone named ("분과 초안 제출"). History is never rewritten: names only point at versions.</summary>
public sealed class NamedVersion
{
    /// <summary>The longest name, in characters.</summary>
    public const int MaxNameLength = 100;

    private NamedVersion() { Name = string.Empty; }

    /// <summary>Names <paramref name="version"/> of a section.</summary>
    /// <exception cref="DomainException">The name is empty or too long, or the version negative.</exception>
    public NamedVersion(int sectionId, int version, string name, int createdById, DateTimeOffset createdAt)
    {
        if (version < 0)
        {
            throw new DomainException(Refusals.History.VersionNegative);
        }
        SectionId = sectionId;
        Version = version;
        Name = Guard.Text(name, Refusals.Fields.VersionName, MaxNameLength);
        CreatedById = createdById;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public int SectionId { get; private set; }
    public int Version { get; private set; }
    public string Name { get; private set; }
    public int CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>A version of the whole plan: one version of every section, named by the vice-chair (e.g. the draft opened for consultation).</summary>
public sealed class PlanVersion
{
    private readonly List<PlanVersionEntry> _entries = [];

    private PlanVersion() { Name = string.Empty; }

    /// <summary>Names the plan made of <paramref name="sectionVersions"/> (section id → version).</summary>
    /// <exception cref="DomainException">The name is empty or too long, no section is given, or a version is negative.</exception>
    public PlanVersion(string name, IReadOnlyDictionary<int, int> sectionVersions, int createdById, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(sectionVersions);
        Name = Guard.Text(name, Refusals.Fields.VersionName, NamedVersion.MaxNameLength);
        if (sectionVersions.Count == 0)
        {
            throw new DomainException(Refusals.History.PlanVersionEmpty);
        }
        foreach (var (sectionId, version) in sectionVersions.OrderBy(p => p.Key))
        {
            if (version < 0)
            {
                throw new DomainException(Refusals.History.VersionNegative);
            }
            _entries.Add(new PlanVersionEntry(sectionId, version));
        }
        CreatedById = createdById;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public int CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public IReadOnlyList<PlanVersionEntry> Entries => _entries;
}

/// <summary>The version of one section in a <see cref="PlanVersion"/>.</summary>
public sealed class PlanVersionEntry
{
    private PlanVersionEntry() { }

    internal PlanVersionEntry(int sectionId, int version) => (SectionId, Version) = (sectionId, version);

    public int PlanVersionId { get; private set; }
    public int SectionId { get; private set; }
    public int Version { get; private set; }
}
