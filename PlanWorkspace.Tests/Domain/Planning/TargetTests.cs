using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Tests.Domain.Planning;

public sealed class TargetTests
{
    private static Target ManufacturingRank() =>
        new(2, "manufacturing-2030", "글로벌 제조 경쟁력 1위 (2030)", "위", 5, 2024, 1, 2030, TargetDirection.Decrease);

    private static Target GpuCount() =>
        new(1, "gpu-2030", "첨단 GPU 확보 규모", "장", 2_000, 2024, 50_000, 2030, TargetDirection.Increase);

    [Fact]
    public void DecreasingTargetIsAchievedWhenTheRankReachesTheGoal()
    {
        var target = ManufacturingRank();
        target.RecordLatest(1, new DateOnly(2029, 6, 1));
        Assert.Equal(TargetStatus.Achieved, target.StatusOn(new DateOnly(2029, 6, 1)));
        Assert.Equal(1.0, target.Progress);
    }

    [Fact]
    public void TargetKeepingUpWithTheStraightLineIsOnTrack()
    {
        var target = GpuCount();
        target.RecordLatest(26_000, new DateOnly(2027, 6, 30));
        Assert.Equal(0.5, target.Progress, 3);
        Assert.Equal(TargetStatus.OnTrack, target.StatusOn(new DateOnly(2027, 7, 1)));
    }

    [Fact]
    public void TargetFallingBehindIsAtRisk()
    {
        var target = GpuCount();
        target.RecordLatest(3_000, new DateOnly(2028, 1, 1));
        Assert.Equal(TargetStatus.AtRisk, target.StatusOn(new DateOnly(2028, 1, 1)));
    }

    [Fact]
    public void TargetWithoutMeasurementHasNoDataEarlyAndLate()
    {
        var target = GpuCount();
        Assert.Equal(TargetStatus.NoData, target.StatusOn(new DateOnly(2024, 3, 1)));
        Assert.Equal(TargetStatus.NoData, target.StatusOn(new DateOnly(2029, 3, 1)));
    }

    [Fact]
    public void AMeasurementOfTheBaselineEarlyIsOnTrackAndLateIsAtRisk()
    {
        var target = GpuCount();
        target.RecordLatest(2_000, new DateOnly(2024, 3, 1));
        Assert.Equal(TargetStatus.OnTrack, target.StatusOn(new DateOnly(2024, 3, 1)));
        Assert.Equal(TargetStatus.AtRisk, target.StatusOn(new DateOnly(2027, 3, 1)));
    }

    [Theory]
    [InlineData("999999999999999999999999")]
    [InlineData("1000000000000.5")]
    [InlineData("-1000000000001")]
    [InlineData("0.00001")]
    public void ValuesOutsideTheRangeOrTooPreciseAreRefusedNotRounded(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Target.IsValidValue(value));
        Assert.Throws<DomainException>(() => new Target(1, "huge", "큰 값", "개", 0, 2024, value, 2030, TargetDirection.Increase));
        var target = GpuCount();
        Assert.Throws<DomainException>(() => target.RecordLatest(value, new DateOnly(2025, 1, 1)));
        Assert.Null(target.LatestValue);
    }

    [Theory]
    [InlineData("1000000000000")]
    [InlineData("-1000000000000")]
    [InlineData("12.3456")]
    public void ValuesAtTheLimitsAreAccepted(string text) =>
        Assert.True(Target.IsValidValue(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ProgressIsClampedWhenTheValueMovesTheWrongWay()
    {
        var target = ManufacturingRank();
        target.RecordLatest(7, new DateOnly(2025, 1, 1));
        Assert.Equal(0, target.Progress);
    }

    [Theory]
    [InlineData(5, 2024, 6, 2030, TargetDirection.Decrease)] // target worse than baseline
    [InlineData(5, 2024, 5, 2030, TargetDirection.Increase)] // no improvement
    [InlineData(5, 2030, 10, 2030, TargetDirection.Increase)] // target year not after baseline
    [InlineData(5, 1999, 10, 2030, TargetDirection.Increase)] // implausible year
    public void InconsistentDefinitionsAreRefused(int baseline, int baselineYear, int targetValue, int targetYear, TargetDirection direction)
    {
        Assert.Throws<DomainException>(() => new Target(1, "k", "지표", "건", baseline, baselineYear, targetValue, targetYear, direction));
    }

    [Fact]
    public void RefusedRedefinitionLeavesTheTargetUnchanged()
    {
        var target = GpuCount();
        Assert.Throws<DomainException>(() => target.Define("새 이름", "장", 2_000, 2024, 1_000, 2030, TargetDirection.Increase));
        Assert.Equal("첨단 GPU 확보 규모", target.Name);
        Assert.Equal(50_000, target.TargetValue);
    }

    [Theory]
    [InlineData("Manufacturing")]
    [InlineData("제조-2030")]
    [InlineData("a--b")]
    [InlineData("")]
    public void KeyMustBeASlug(string key)
    {
        Assert.Throws<DomainException>(() => new Target(1, key, "지표", "건", 1, 2024, 2, 2030, TargetDirection.Increase));
    }

    [Fact]
    public void MeasurementBeforeTheBaselineYearIsRefused()
    {
        var target = GpuCount();
        Assert.Throws<DomainException>(() => target.RecordLatest(100, new DateOnly(2023, 12, 31)));
        Assert.Null(target.LatestValue);
    }
}
