using Bunit;
using PlanWorkspace.App.Components.Shared;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

public sealed class ConsultationCardTests : BunitTestBase
{
    private static ConsultationFigures Figures(int? invited, int? answered) => new("action-plan-2025", "<script>alert(1)</script> 의견수렴", ConsultationState.Open, 9,
        [
            new BodyOpinions(new Body("industry-ax", "산업AX·생태계 분과", "Industrial AX & Ecosystem", BodyKind.Subcommittee, 1),
                new Dictionary<OpinionState, int> { [OpinionState.New] = 3, [OpinionState.Classified] = 2 }),
            new BodyOpinions(null, new Dictionary<OpinionState, int> { [OpinionState.NeedsAttention] = 4 }),
        ],
        invited, answered,
        [(new DateOnly(2025, 12, 1), 5), (new DateOnly(2025, 12, 2), 0), (new DateOnly(2025, 12, 3), 4)]);

    [Fact]
    public void TheCardShowsTheStateTotalsInTextTheAnsweredShareAndTheDaysWithTheTitleAsText()
    {
        var cut = Render<ConsultationCard>(p => p.Add(c => c.Figures, Figures(40, 12)));

        var states = cut.Find("[data-testid=opinions-by-state]");
        Assert.Contains("3", states.QuerySelector("[data-state=New]")!.TextContent);
        Assert.Contains("4", states.QuerySelector("[data-state=NeedsAttention]")!.TextContent);
        Assert.Contains("2", states.QuerySelector("[data-state=Classified]")!.TextContent);
        Assert.Contains("12 / 40곳 답변", cut.Find("[data-testid=institutions-answered]").TextContent);
        Assert.Contains("12/1–12/3, 하루 최대 5건", cut.Find("[data-testid=opinions-per-day-text]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=chart-opinions-by-body]"));
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("<script>alert(1)</script> 의견수렴", cut.Find("h2").TextContent);
    }

    [Fact]
    public void AChairsCardHasNoRegistryFigures()
    {
        var cut = Render<ConsultationCard>(p => p.Add(c => c.Figures, Figures(null, null)));
        Assert.Empty(cut.FindAll("[data-testid=institutions-answered]"));
        Assert.NotNull(cut.Find("[data-testid=chart-opinions-per-day]"));
    }
}
