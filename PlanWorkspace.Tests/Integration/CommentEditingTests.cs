using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>Comments changed by their authors only, replies on suggestions, and reverting an accepted suggestion — on a real database and session.</summary>
[Trait("Category", "Integration")]
public sealed class CommentEditingTests : IAsyncLifetime
{
    private LiveServer _server = default!;
    private ReviewService _review = default!;
    private int _industry;

    public async Task InitializeAsync()
    {
        _server = LiveServer.Start();
        _review = _server.Service<ReviewService>();
        _industry = await _server.SectionIdAsync("industry-ax");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(int Version, string Text)> CurrentAsync() =>
        (await _server.Service<DocumentSessionRegistry>().GetAsync(_industry))!.Current();

    private async Task<SelectionAt> PassageAsync(string phrase)
    {
        var (version, text) = await CurrentAsync();
        var start = text.IndexOf(phrase, StringComparison.Ordinal);
        Assert.True(start >= 0, phrase);
        return new SelectionAt(version, start, start + phrase.Length, phrase);
    }

    private async Task<Comment> CommentAsync(int id)
    {
        await using var db = _server.App.Database.CreateContext();
        return await db.Comments.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task OnlyTheAuthorEditsOrDeletesACommentAndAnEditIsMarkedAndNotifiesTheNewlyMentioned()
    {
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var thread = await _review.StartThreadAsync(advisor, _industry, await PassageAsync("비전 아래"), "처음 의견");
        int commentId;
        await using (var db = _server.App.Database.CreateContext())
        {
            commentId = (await db.Comments.SingleAsync()).Id;
        }

        Assert.Equal("Review.Error.NotYours", (await _review.EditCommentAsync(chair, commentId, "남이 고침")).Refusal?.Code);
        Assert.Equal("Review.Error.NotYours", (await _review.DeleteCommentAsync(chair, commentId)).Refusal?.Code);
        Assert.Equal("Review.Error.TooLong", (await _review.EditCommentAsync(advisor, commentId, new string('가', ReviewText.MaxComment + 1))).Refusal?.Code);
        Assert.Equal("처음 의견", (await CommentAsync(commentId)).Body);

        Assert.True((await _review.EditCommentAsync(advisor, commentId, "고친 의견 @이서연")).Succeeded);
        var edited = await CommentAsync(commentId);
        Assert.Equal(("고친 의견 @이서연", true), (edited.Body, edited.EditedAt is not null));
        var chairInbox = await _server.Service<NotificationService>().ListAsync(chair, unreadOnly: true);
        Assert.Equal(NotificationTopic.Mention, Assert.Single(chairInbox).Topic);
        var view = Assert.Single(await _server.Service<ReviewQueries>().ThreadsAsync(chair, new ReviewQuery(_industry)));
        Assert.True(view.Comments[0].Edited);
        Assert.False(view.Comments[0].Mine);

        Assert.True((await _review.DeleteCommentAsync(advisor, commentId)).Succeeded);
        var deleted = await CommentAsync(commentId);
        Assert.Equal((string.Empty, true), (deleted.Body, deleted.DeletedAt is not null));
        Assert.Equal("Review.Error.Deleted", (await _review.EditCommentAsync(advisor, commentId, "되살림")).Refusal?.Code);
        Assert.Equal(thread.Value, Assert.Single(await _server.Service<ReviewQueries>().ThreadsAsync(chair, new ReviewQuery(_industry))).Id);
    }

    [Fact]
    public async Task ASuggestionTakesRepliesWhichNotifyItsAuthorAndReadersOnly()
    {
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var outsider = await _server.ActorAsync("advisor3@plan.local");
        var made = await _review.SuggestAsync(advisor, _industry, await PassageAsync("비전 아래"), "비전 밑", null);

        Assert.Equal("Review.Error.Forbidden", (await _review.ReplyToSuggestionAsync(outsider, made.Value, "끼어들기")).Refusal?.Code);
        Assert.Equal("Review.Error.Empty", (await _review.ReplyToSuggestionAsync(chair, made.Value, "   ")).Refusal?.Code);
        Assert.True((await _review.ReplyToSuggestionAsync(chair, made.Value, "근거가 있나요?")).Succeeded);

        var view = Assert.Single(await _server.Service<ReviewQueries>().SuggestionsAsync(advisor, new ReviewQuery(_industry)));
        Assert.Equal("근거가 있나요?", Assert.Single(view.Replies).Body);
        var inbox = await _server.Service<NotificationService>().ListAsync(advisor, unreadOnly: true);
        Assert.Equal((NotificationTopic.Reply, $"s{made.Value}"), (Assert.Single(inbox).Topic, inbox[0].MarkId));
    }

    [Fact]
    public async Task AnAcceptedSuggestionIsRevertedAsANewEditOnceAndOnlyWhileItsTextIsUnchanged()
    {
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var (_, original) = await CurrentAsync();
        var first = await _review.SuggestAsync(advisor, _industry, await PassageAsync("비전 아래"), "비전 밑", null);
        Assert.True((await _review.AcceptAsync(chair, first.Value)).Succeeded);
        Assert.Equal("Review.Error.NotAccepted", (await _review.RevertAsync(chair, (await _review.SuggestAsync(advisor, _industry, await PassageAsync("과제를"), "일을", null)).Value)).Refusal?.Code);
        Assert.Equal("Review.Error.Forbidden", (await _review.RevertAsync(advisor, first.Value)).Refusal?.Code); // advisors do not edit

        var (versionBefore, _) = await CurrentAsync();
        Assert.True((await _review.RevertAsync(chair, first.Value)).Succeeded);
        var (versionAfter, reverted) = await CurrentAsync();
        Assert.Equal(original, reverted);
        Assert.Equal(versionBefore + 1, versionAfter);
        Assert.Equal(original, (await _server.ReplayOpLogAsync(_industry)).Text);
        Assert.Equal("Review.Error.AlreadyReverted", (await _review.RevertAsync(chair, first.Value)).Refusal?.Code);

        // Once someone edited the inserted text, reverting is refused and nothing changes.
        var second = await _review.SuggestAsync(advisor, _industry, await PassageAsync("비전 아래"), "비전 위", null);
        Assert.True((await _review.AcceptAsync(chair, second.Value)).Succeeded);
        var retouch = await _review.SuggestAsync(advisor, _industry, await PassageAsync("비전 위"), "비전 옆", null);
        Assert.True((await _review.AcceptAsync(chair, retouch.Value)).Succeeded);
        var (_, beforeRefusal) = await CurrentAsync();
        Assert.Equal("Review.Error.RevertChanged", (await _review.RevertAsync(chair, second.Value)).Refusal?.Code);
        Assert.Equal(beforeRefusal, (await CurrentAsync()).Text);
        await using var db = _server.App.Database.CreateContext();
        Assert.Null((await db.Suggestions.SingleAsync(s => s.Id == second.Value)).RevertedVersion);
        Assert.Equal(versionAfter, (await db.Suggestions.SingleAsync(s => s.Id == first.Value)).RevertedVersion);
    }
}
