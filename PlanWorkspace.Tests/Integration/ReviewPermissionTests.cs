using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>Who may suggest, decide, comment and resolve — checked by the server, on a real database.</summary>
[Trait("Category", "Integration")]
public sealed class ReviewPermissionTests : IAsyncLifetime
{
    private LiveServer _server = default!;
    private ReviewService _review = default!;
    private int _industry;
    private int _security;

    public async Task InitializeAsync()
    {
        _server = LiveServer.Start();
        _review = _server.Service<ReviewService>();
        _industry = await _server.SectionIdAsync("industry-ax");
        _security = await _server.SectionIdAsync("security-tf");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<SelectionAt> PassageAsync(int sectionId, int skip = 0)
    {
        var session = await _server.Service<PlanWorkspace.App.Drafting.DocumentSessionRegistry>().GetAsync(sectionId);
        var (version, text) = session!.Current();
        var start = text.IndexOf("비전 아래", StringComparison.Ordinal) + skip;
        return new SelectionAt(version, start, start + 2, text.Substring(start, 2));
    }

    private async Task<(int Suggestions, int Threads, int Comments, string Text)> StateAsync(int sectionId)
    {
        await using var db = _server.App.Database.CreateContext();
        return (await db.Suggestions.CountAsync(s => s.SectionId == sectionId && s.State != SuggestionState.Open),
            await db.CommentThreads.CountAsync(), await db.Comments.CountAsync(), (await _server.ReplayOpLogAsync(sectionId)).Text);
    }

    [Theory]
    [InlineData("advisor1@plan.local", true)]   // assigned to 산업AX
    [InlineData("advisor3@plan.local", false)]  // assigned to 보안 TF only
    [InlineData("chair.data@plan.local", true)] // chairs comment everywhere
    [InlineData("vicechair@plan.local", true)]
    public async Task SuggestingAndCommentingNeedTheRightToReadTheSection(string email, bool allowed)
    {
        var actor = await _server.ActorAsync(email);
        var suggested = await _review.SuggestAsync(actor, _industry, await PassageAsync(_industry), "바꿈", null);
        var commented = await _review.StartThreadAsync(actor, _industry, await PassageAsync(_industry, 3), "의견");
        Assert.Equal(allowed, suggested.Succeeded);
        Assert.Equal(allowed, commented.Succeeded);
        if (!allowed)
        {
            Assert.Equal("Review.Error.Forbidden", suggested.Refusal?.Code);
            await using var db = _server.App.Database.CreateContext();
            Assert.Equal(0, await db.Suggestions.CountAsync() + await db.CommentThreads.CountAsync());
        }
    }

    [Theory]
    [InlineData("chair.industry-ax@plan.local", true)]
    [InlineData("secretariat@plan.local", true)]
    [InlineData("vicechair@plan.local", true)]
    [InlineData("chair.data@plan.local", false)]   // another body's chair
    [InlineData("advisor1@plan.local", false)]     // the author, an advisor
    [InlineData("advisor2@plan.local", false)]
    public async Task OnlyTheBodysWritersAndTheViceChairDecide(string email, bool allowed)
    {
        var suggestion = await _review.SuggestAsync(await _server.ActorAsync("advisor1@plan.local"), _industry, await PassageAsync(_industry), "바꿈", null);
        Assert.True(suggestion.Succeeded, suggestion.Refusal?.Code);
        var before = await StateAsync(_industry);
        var rejected = await _review.RejectAsync(await _server.ActorAsync(email), suggestion.Value, "아니요");
        Assert.Equal(allowed, rejected.Succeeded);
        if (!allowed)
        {
            Assert.Equal("Review.Error.Forbidden", rejected.Refusal?.Code);
            Assert.Equal(before, await StateAsync(_industry));
        }
    }

    [Fact]
    public async Task NobodyDecidesOnTheirOwnSuggestionExceptTheViceChair()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var own = await _review.SuggestAsync(chair, _industry, await PassageAsync(_industry), "내 제안", null);
        Assert.Equal("Review.Error.Forbidden", (await _review.AcceptAsync(chair, own.Value)).Refusal?.Code);
        var viceChair = await _server.ActorAsync("vicechair@plan.local");
        var hers = await _review.SuggestAsync(viceChair, _security, await PassageAsync(_security), "부위원장 제안", null);
        Assert.True((await _review.AcceptAsync(viceChair, hers.Value)).Succeeded);
    }

    [Fact]
    public async Task OnlyTheStarterOrTheBodysWritersResolveAThread()
    {
        var thread = await _review.StartThreadAsync(await _server.ActorAsync("advisor1@plan.local"), _industry, await PassageAsync(_industry), "질문");
        Assert.Equal("Review.Error.Forbidden", (await _review.ResolveAsync(await _server.ActorAsync("chair.data@plan.local"), thread.Value)).Refusal?.Code);
        Assert.Equal("Review.Error.Forbidden", (await _review.ResolveAsync(await _server.ActorAsync("advisor3@plan.local"), thread.Value)).Refusal?.Code);
        Assert.True((await _review.ResolveAsync(await _server.ActorAsync("secretariat@plan.local"), thread.Value)).Succeeded);
        Assert.True((await _review.ResolveAsync(await _server.ActorAsync("advisor1@plan.local"), thread.Value, resolve: false)).Succeeded);
    }

    [Fact]
    public async Task BadInputIsRefusedWithAClearReasonAndChangesNothing()
    {
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var passage = await PassageAsync(_industry);
        var before = await StateAsync(_industry);
        var (text, version) = await _server.ReplayOpLogAsync(_industry);
        Assert.True(text.Length > 10);

        Assert.Equal("Review.Error.Empty", (await _review.StartThreadAsync(advisor, _industry, passage, "  ")).Refusal?.Code);
        Assert.Equal("Review.Error.TooLong", (await _review.StartThreadAsync(advisor, _industry, passage, new string('가', ReviewText.MaxComment + 1))).Refusal?.Code);
        Assert.Equal("Review.Error.NothingSuggested", (await _review.SuggestAsync(advisor, _industry, passage with { To = passage.From, Text = "" }, "", null)).Refusal?.Code);
        Assert.Equal("Review.Error.OutsideText", (await _review.SuggestAsync(advisor, _industry, new SelectionAt(version, text.Length - 1, text.Length + 5, "abcdef"), "x", null)).Refusal?.Code);
        Assert.Equal("Review.Error.OutsideText", (await _review.SuggestAsync(advisor, _industry, new SelectionAt(version, -3, 2, "abcde"), "x", null)).Refusal?.Code);
        Assert.Equal("Review.Error.OutsideText", (await _review.SuggestAsync(advisor, _industry, passage with { Text = "다른" }, "x", null)).Refusal?.Code);
        Assert.Equal("Review.Error.Stale", (await _review.SuggestAsync(advisor, _industry, passage with { Version = version + 50 }, "x", null)).Refusal?.Code);
        Assert.Equal("Review.Error.NotFound", (await _review.AcceptAsync(chair, 9999)).Refusal?.Code);
        Assert.Equal("Review.Error.NotFound", (await _review.ReplyAsync(chair, 9999, "답")).Refusal?.Code);
        Assert.Equal(before, await StateAsync(_industry));

        // Decided is final: no second decision, no withdrawal, and the text is edited once.
        var suggestion = await _review.SuggestAsync(advisor, _industry, passage, "확정", null);
        Assert.True((await _review.AcceptAsync(chair, suggestion.Value)).Succeeded);
        var afterAccept = await StateAsync(_industry);
        Assert.Equal("Review.Error.Final", (await _review.AcceptAsync(chair, suggestion.Value)).Refusal?.Code);
        Assert.Equal("Review.Error.Final", (await _review.RejectAsync(chair, suggestion.Value, null)).Refusal?.Code);
        Assert.Equal("Review.Error.Final", (await _review.WithdrawAsync(advisor, suggestion.Value)).Refusal?.Code);
        Assert.Equal(afterAccept, await StateAsync(_industry));
        Assert.Equal(1, afterAccept.Text.Split("확정").Length - 1);
    }

    [Fact]
    public async Task BulkAcceptAppliesEachAndSkipsOutdatedOnes()
    {
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var first = await _review.SuggestAsync(advisor, _industry, await PassageAsync(_industry, 0), "하나", null);
        var second = await _review.SuggestAsync(advisor, _industry, await PassageAsync(_industry, 4), "둘", null);
        var overlapping = await _review.SuggestAsync(advisor, _industry, await PassageAsync(_industry, 1), "겹침", null);
        var refused = await _review.DecideManyAsync(chair, [first.Value, second.Value, overlapping.Value], accept: true);

        // Accepting the first changed the text under the overlapping one: it waits for a confirmation.
        Assert.Equal(new Dictionary<int, Refusal> { [overlapping.Value] = Refusals.Review.ConfirmOutdated }, refused);
        var text = (await _server.ReplayOpLogAsync(_industry)).Text;
        Assert.Contains("하나", text, StringComparison.Ordinal);
        Assert.Contains("둘", text, StringComparison.Ordinal);
        var counts = await _server.Service<ReviewQueries>().CountsAsync(chair);
        Assert.Equal(1, counts[_industry].Suggestions);
        Assert.Equal(1, counts[_industry].ForMe);
    }
}
