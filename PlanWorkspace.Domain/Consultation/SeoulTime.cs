namespace PlanWorkspace.Domain.Consultation;

/// <summary>
/// Korean Standard Time. Korea has kept UTC+9 without daylight saving since 1988, so a fixed
/// offset is exact and needs no time-zone database on the server.
/// </summary>
public static class SeoulTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The same instant as seen in Seoul.</summary>
    public static DateTimeOffset ToSeoul(DateTimeOffset at) => at.ToOffset(Offset);

    /// <summary>Midnight at the start of <paramref name="date"/> in Seoul.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);
}
