using Bunit;
using PlanWorkspace.App.Components.Pages.Sections;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

/// <summary>Suggestion and thread cards: what each state shows and which actions each role gets.</summary>
public sealed class ReviewCardTests : BunitTestBase
{
    private static SuggestionView Suggestion(SuggestionState state = SuggestionState.Open, bool canDecide = false, bool canWithdraw = false,
        string quote = "기존 문구", string current = "기존 문구", string replacement = "새 문구") =>
        new(12, 1, "산업AX·생태계 분야 추진계획", 2, 7, "임도윤", "#3949ab", state, quote.Length == 0 ? SuggestionKind.Insert : SuggestionKind.Replace,
            quote, current, replacement, "용어 통일", DateTimeOffset.UnixEpoch, state is SuggestionState.Accepted or SuggestionState.Rejected ? "이서연" : null,
            state == SuggestionState.Rejected ? "근거 부족" : null, canDecide, canWithdraw);

    private IRenderedComponent<SuggestionCard> RenderCard(SuggestionView view, List<(int, bool)>? accepted = null, List<(int, string?)>? rejected = null, List<int>? withdrawn = null) =>
        Render<SuggestionCard>(p => p
            .Add(c => c.Suggestion, view)
            .Add(c => c.OnAccept, args => accepted?.Add(args))
            .Add(c => c.OnReject, args => rejected?.Add(args))
            .Add(c => c.OnWithdraw, id => withdrawn?.Add(id)));

    [Fact]
    public void AChairSeesAcceptAndRejectButNoWithdraw()
    {
        var accepted = new List<(int, bool)>();
        var card = RenderCard(Suggestion(canDecide: true), accepted);
        Assert.Equal("기존 문구", card.Find("[data-testid=suggestion-quote]").TextContent);
        Assert.Equal("새 문구", card.Find("[data-testid=suggestion-replacement]").TextContent);
        Assert.Contains("용어 통일", card.Markup, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("[data-testid=suggestion-withdraw]"));
        card.Find("button[data-testid=suggestion-accept]").Click();
        Assert.Equal([(12, false)], accepted);
    }

    [Fact]
    public void TheAuthorMayWithdrawButNotDecide()
    {
        var withdrawn = new List<int>();
        var card = RenderCard(Suggestion(canWithdraw: true), withdrawn: withdrawn);
        Assert.Empty(card.FindAll("[data-testid=suggestion-accept]"));
        Assert.Empty(card.FindAll("[data-testid=suggestion-reject]"));
        card.Find("button[data-testid=suggestion-withdraw]").Click();
        Assert.Equal([12], withdrawn);
    }

    [Fact]
    public void ASuggestionEnteredOnSomeonesBehalfNamesThemAndOneOfTheWritersOwnDoesNot()
    {
        var card = RenderCard(Suggestion() with { AuthorName = "이서연", OnBehalfOfName = "임도윤" });
        Assert.Equal("임도윤 님 대신 제안", card.Find("[data-testid=suggestion-on-behalf]").TextContent.Trim());
        Assert.Empty(RenderCard(Suggestion()).FindAll("[data-testid=suggestion-on-behalf]"));
    }

    [Fact]
    public void AnotherReaderOnlyReads()
    {
        var card = RenderCard(Suggestion());
        Assert.Empty(card.FindAll("button"));
        Assert.Equal("대기", card.Find("[data-testid=suggestion-state]").TextContent.Trim());
    }

    [Fact]
    public void AcceptingAnOutdatedSuggestionAsksForConfirmationFirst()
    {
        var accepted = new List<(int, bool)>();
        var card = RenderCard(Suggestion(SuggestionState.Outdated, canDecide: true, current: "기존 문구 일부 수정"), accepted);
        Assert.Contains("기존 문구 일부 수정", card.Find("[data-testid=suggestion-outdated]").TextContent, StringComparison.Ordinal);
        Assert.Contains("일부 수정", card.Find("[data-testid=suggestion-outdated-diff] ins").TextContent, StringComparison.Ordinal);
        card.Find("button[data-testid=suggestion-accept]").Click();
        Assert.Empty(accepted);
        Assert.NotEmpty(card.FindAll("[data-testid=suggestion-confirm]"));
        card.Find("button[data-testid=suggestion-confirm-accept]").Click();
        Assert.Equal([(12, true)], accepted);
    }

    [Fact]
    public void RejectingTakesAnOptionalNote()
    {
        var rejected = new List<(int, string?)>();
        var card = RenderCard(Suggestion(canDecide: true), rejected: rejected);
        card.Find("button[data-testid=suggestion-reject]").Click();
        card.Find("textarea[data-testid=suggestion-reject-note]").Change("근거 부족");
        card.Find("button[data-testid=suggestion-reject-confirm]").Click();
        Assert.Equal([(12, "근거 부족")], rejected);
    }

    [Theory]
    [InlineData(SuggestionState.Accepted, "수락됨")]
    [InlineData(SuggestionState.Rejected, "거절됨")]
    [InlineData(SuggestionState.Withdrawn, "철회됨")]
    [InlineData(SuggestionState.Orphaned, "분리됨")]
    public void DecidedSuggestionsShowTheirStateAndNoActions(SuggestionState state, string label)
    {
        // Even for the chair and the author: a final state takes no further action.
        var view = Suggestion(state) with { CanDecide = false, CanWithdraw = false };
        var card = RenderCard(view);
        Assert.Equal(label, card.Find("[data-testid=suggestion-state]").TextContent.Trim());
        Assert.Empty(card.FindAll("button"));
        if (state == SuggestionState.Rejected)
        {
            Assert.Contains("이서연 — 근거 부족", card.Markup, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MarkupInSuggestionsIsShownAsText()
    {
        var card = RenderCard(Suggestion(replacement: "<script>alert(1)</script><img src=x onerror=alert(2)>"));
        Assert.Empty(card.FindAll("script"));
        Assert.Empty(card.FindAll("img"));
        Assert.Contains("&lt;script&gt;", card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void AThreadOffersReplyToReadersAndResolveToWhoMay()
    {
        var replies = new List<(int, string)>();
        var resolves = new List<(int, bool)>();
        var thread = new ThreadView(5, 1, "섹션", 2, 7, "임도윤", "#3949ab", "인용된 문구", Resolved: false, Orphaned: false,
            [new CommentView(1, 7, "임도윤", "@이서연 근거가 필요합니다", DateTimeOffset.UnixEpoch, MentionsMe: true)], CanResolve: true, CanReply: true);
        var card = Render<ThreadCard>(p => p
            .Add(c => c.Thread, thread)
            .Add(c => c.OnReply, args => replies.Add(args))
            .Add(c => c.OnResolve, args => resolves.Add(args)));
        Assert.Equal("인용된 문구", card.Find("[data-testid=thread-quote]").TextContent);
        Assert.Single(card.FindAll(".pw-comment-mention"));
        card.Find("textarea[data-testid=thread-reply-text]").Input("반영하겠습니다");
        card.Find("button[data-testid=thread-reply]").Click();
        card.Find("button[data-testid=thread-resolve]").Click();
        Assert.Equal([(5, "반영하겠습니다")], replies);
        Assert.Equal([(5, true)], resolves);

        var readOnly = Render<ThreadCard>(p => p.Add(c => c.Thread, thread with { CanResolve = false, Resolved = true }));
        Assert.Empty(readOnly.FindAll("[data-testid=thread-resolve]"));
        Assert.Equal("true", readOnly.Find("[data-testid=thread-card]").GetAttribute("data-resolved"));
    }
}
