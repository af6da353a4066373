using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Tests.Domain.Planning;

public sealed class InitiativeTests
{
    private static Initiative NewInitiative() => new(2, "2-1", "제조 데이터 기반 산업 파운데이션 모델 개발", "산업통상자원부");

    [Fact]
    public void SupportingMinistriesAreTrimmedAndDeduplicated()
    {
        var initiative = NewInitiative();
        initiative.Update("2-1", "제목", "산업통상자원부", null, [" 과학기술정보통신부", "과학기술정보통신부 ", "", "중소벤처기업부"]);
        Assert.Equal(["과학기술정보통신부", "중소벤처기업부"], initiative.SupportingMinistries);
    }

    [Fact]
    public void LeadMinistryCannotAlsoSupportAndTheRefusalChangesNothing()
    {
        var initiative = NewInitiative();
        Assert.Throws<DomainException>(() => initiative.Update("9-9", "다른 제목", "산업통상자원부", null, ["산업통상자원부"]));
        Assert.Equal("2-1", initiative.Code);
        Assert.Equal("제조 데이터 기반 산업 파운데이션 모델 개발", initiative.Title);
    }

    [Fact]
    public void SubInitiativesAreNumberedAndUnique()
    {
        var initiative = NewInitiative();
        initiative.AddSubInitiative("제조 데이터 표준화");
        var second = initiative.AddSubInitiative("모델 학습 인프라");
        Assert.Equal(2, second.Order);
        Assert.Throws<DomainException>(() => initiative.AddSubInitiative("제조 데이터 표준화"));
        Assert.Equal(2, initiative.SubInitiatives.Count);
    }

    [Fact]
    public void MilestonesStayInDateOrder()
    {
        var initiative = NewInitiative();
        initiative.AddMilestone("시범 적용", new DateOnly(2027, 6, 30));
        initiative.AddMilestone("계획 수립", new DateOnly(2026, 3, 31));
        Assert.Equal(["계획 수립", "시범 적용"], initiative.Milestones.Select(m => m.Label));
    }

    [Fact]
    public void TargetCanBeLinkedOnceAndUnlinked()
    {
        var initiative = NewInitiative();
        var target = new Target(2, "manufacturing-2030", "글로벌 제조 경쟁력 1위 (2030)", "위", 5, 2024, 1, 2030, TargetDirection.Decrease);
        initiative.LinkTarget(target);
        Assert.Throws<DomainException>(() => initiative.LinkTarget(target));
        initiative.UnlinkTarget(target);
        Assert.Empty(initiative.Targets);
        Assert.Throws<DomainException>(() => initiative.UnlinkTarget(target));
    }

    [Fact]
    public void TitleAndLeadMinistryAreRequired()
    {
        Assert.Throws<DomainException>(() => new Initiative(1, "1-1", "", "과학기술정보통신부"));
        Assert.Throws<DomainException>(() => new Initiative(1, "1-1", "제목", " "));
    }
}
