using PlanWorkspace.Domain.Outcomes;
using System.Diagnostics.CodeAnalysis;

namespace PlanWorkspace.Domain.Planning;

/// <summary>
/// A performance indicator (성과지표): a measured value going from a baseline (value, year)
/// to a target (value, year), up or down, with the latest measurement.
/// </summary>
public sealed class Target
{
    private Target() { Key = Name = Unit = string.Empty; }

    public Target(int bodyId, string key, string name, string unit,
        decimal baselineValue, int baselineYear, decimal targetValue, int targetYear, TargetDirection direction)
    {
        BodyId = bodyId;
        Key = Slug.Require(key, Refusals.Fields.TargetKey);
        Define(name, unit, baselineValue, baselineYear, targetValue, targetYear, direction);
    }

    /// <summary>
    /// The largest magnitude a baseline, target or measured value may have: 10¹² (a trillion won, a
    /// count of anything the plan tracks). Larger inputs are typing errors; a decimal would hold them,
    /// but the browser's number field and every chart and export work in doubles, where such values
    /// lose digits silently.
    /// </summary>
    public const decimal MaxMagnitude = 1_000_000_000_000m;

    /// <summary>At most this many decimal places: a share to a hundredth of a percent, a ratio to four places.</summary>
    public const int MaxDecimals = 4;

    /// <summary>True when <paramref name="value"/> lies within ±<see cref="MaxMagnitude"/> with at most <see cref="MaxDecimals"/> decimal places.</summary>
    public static bool IsValidValue(decimal value) =>
        Math.Abs(value) <= MaxMagnitude && decimal.Round(value, MaxDecimals) == value;

    public int Id { get; private set; }
    public int BodyId { get; private set; }
    /// <summary>Stable slug used by Markdown shortcodes, e.g. <c>manufacturing-2030</c>.</summary>
    public string Key { get; private set; }
    public string Name { get; private set; }
    public string Unit { get; private set; }
    public decimal BaselineValue { get; private set; }
    public int BaselineYear { get; private set; }
    public decimal TargetValue { get; private set; }
    public int TargetYear { get; private set; }
    public TargetDirection Direction { get; private set; }
    public decimal? LatestValue { get; private set; }
    public DateOnly? LatestDate { get; private set; }

    /// <summary>
    /// Sets what the target measures and aims at. The target year must follow the baseline
    /// year, and the target value must lie in the target's direction from the baseline.
    /// </summary>
    [MemberNotNull(nameof(Name), nameof(Unit))]
    public void Define(string name, string unit, decimal baselineValue, int baselineYear,
        decimal targetValue, int targetYear, TargetDirection direction)
    {
        var checkedName = Guard.Text(name, Refusals.Fields.TargetName, 200);
        Value(baselineValue, Refusals.Fields.BaselineValue);
        Value(targetValue, Refusals.Fields.TargetValue);
        var checkedUnit = Guard.Text(unit, Refusals.Fields.Unit, 30);
        Guard.Year(baselineYear, Refusals.Fields.BaselineYear);
        Guard.Year(targetYear, Refusals.Fields.TargetYear);
        if (targetYear <= baselineYear)
        {
            throw new DomainException(Refusals.Planning.TargetYearOrder);
        }
        var improves = direction == TargetDirection.Increase ? targetValue > baselineValue : targetValue < baselineValue;
        if (!improves)
        {
            throw new DomainException(direction == TargetDirection.Increase
                ? Refusals.Planning.IncreaseNotAbove
                : Refusals.Planning.DecreaseNotBelow);
        }
        (Name, Unit, BaselineValue, BaselineYear, TargetValue, TargetYear, Direction) =
            (checkedName, checkedUnit, baselineValue, baselineYear, targetValue, targetYear, direction);
    }

    /// <summary>Records a measurement; it may not predate the baseline year.</summary>
    public void RecordLatest(decimal value, DateOnly date)
    {
        Value(value, Refusals.Fields.MeasuredValue);
        if (date.Year < BaselineYear)
        {
            throw new DomainException(Refusals.Planning.MeasurementBeforeBaseline);
        }
        (LatestValue, LatestDate) = (value, date);
    }

    private static void Value(decimal value, Term what)
    {
        if (!IsValidValue(value))
        {
            throw new DomainException(Refusals.Input.ValueRange.With(what, MaxMagnitude, MaxDecimals));
        }
    }

    /// <summary>
    /// Share of the way from baseline to target reached by the latest value (0 without one),
    /// clamped to [0, 1].
    /// </summary>
    public double Progress
    {
        get
        {
            if (LatestValue is not { } latest)
            {
                return 0;
            }
            var share = (double)((latest - BaselineValue) / (TargetValue - BaselineValue));
            return Math.Clamp(share, 0, 1);
        }
    }

    /// <summary>
    /// No data without a measurement (an unmeasured target is not known to be late); achieved when
    /// the latest value meets the target; on track when progress keeps up with a straight line from
    /// the start of the baseline year to the end of the target year (10 points of slack); at risk otherwise.
    /// </summary>
    public TargetStatus StatusOn(DateOnly today)
    {
        if (LatestValue is not { } latest)
        {
            return TargetStatus.NoData;
        }
        if (Direction == TargetDirection.Increase ? latest >= TargetValue : latest <= TargetValue)
        {
            return TargetStatus.Achieved;
        }
        var start = new DateOnly(BaselineYear, 1, 1);
        var end = new DateOnly(TargetYear, 12, 31);
        var elapsed = Math.Clamp((today.DayNumber - start.DayNumber) / (double)(end.DayNumber - start.DayNumber), 0, 1);
        return Progress + 0.10 >= elapsed ? TargetStatus.OnTrack : TargetStatus.AtRisk;
    }
}
