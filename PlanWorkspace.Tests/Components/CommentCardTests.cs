using Bunit;
using PlanWorkspace.App.Components.Pages.Sections;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

/// <summary>Comments on cards: their authors edit and delete them, everyone sees "edited" and "deleted"; suggestion cards take replies and reverts.</summary>
public sealed class CommentCardTests : BunitTestBase
{
    private static readonly CommentView Own = new(1, 7, "임도윤", "처음 쓴 의견", DateTimeOffset.UnixEpoch, MentionsMe: false, Edited: true, Mine: true);
    private static readonly CommentView Others = new(2, 8, "이서연", "다른 사람 의견", DateTimeOffset.UnixEpoch, MentionsMe: false);
    private static readonly CommentView Gone = new(3, 8, "이서연", "", DateTimeOffset.UnixEpoch, MentionsMe: false, Deleted: true);

    private static SuggestionView Suggestion(SuggestionState state, bool canRevert = false, int? reverted = null) =>
        new(12, 1, "섹션", 2, 7, "임도윤", "#3949ab", state, SuggestionKind.Replace, "기존 문구", "기존 문구", "새 문구", null, DateTimeOffset.UnixEpoch,
            null, null, CanDecide: false, CanWithdraw: false, [Own, Others, Gone], CanReply: true, CanRevert: canRevert, RevertedVersion: reverted);

    [Fact]
    public void OnlyTheAuthorsOwnCommentOffersEditAndDeleteAndEditedAndDeletedAreShown()
    {
        var list = Render<CommentList>(p => p.Add(c => c.Comments, [Own, Others, Gone]));

        var comments = list.FindAll("[data-testid=thread-comment]");
        Assert.Equal(3, comments.Count);
        Assert.Single(list.FindAll("button[data-testid=comment-edit]"));
        Assert.Single(list.FindAll("button[data-testid=comment-delete]"));
        Assert.NotNull(comments[0].QuerySelector("button[data-testid=comment-edit]"));
        Assert.Contains("수정됨", comments[0].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("수정됨", comments[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("삭제된 댓글입니다.", comments[2].QuerySelector("[data-testid=comment-deleted]")!.TextContent);
    }

    [Fact]
    public void EditingSendsTheNewTextAndDeletingAsksForConfirmationFirst()
    {
        var edits = new List<(int, string)>();
        var deletes = new List<int>();
        var list = Render<CommentList>(p => p
            .Add(c => c.Comments, [Own])
            .Add(c => c.OnEdit, args => edits.Add(args))
            .Add(c => c.OnDelete, id => deletes.Add(id)));

        list.Find("button[data-testid=comment-edit]").Click();
        Assert.Equal("처음 쓴 의견", list.Find("textarea[data-testid=comment-edit-text]").GetAttribute("value") ?? list.Find("textarea[data-testid=comment-edit-text]").TextContent);
        list.Find("textarea[data-testid=comment-edit-text]").Input("고친 의견");
        list.Find("button[data-testid=comment-edit-save]").Click();
        Assert.Equal([(1, "고친 의견")], edits);

        list.Find("button[data-testid=comment-delete]").Click();
        Assert.Empty(deletes);
        list.Find("button[data-testid=comment-delete-confirm]").Click();
        Assert.Equal([1], deletes);
    }

    [Fact]
    public void ASuggestionCardTakesRepliesAndOffersRevertOnlyWhenAcceptedAndNotYetReverted()
    {
        var replies = new List<(int, string)>();
        var reverts = new List<int>();
        var card = Render<SuggestionCard>(p => p
            .Add(c => c.Suggestion, Suggestion(SuggestionState.Accepted, canRevert: true))
            .Add(c => c.OnReply, args => replies.Add(args))
            .Add(c => c.OnRevert, id => reverts.Add(id)));

        Assert.Equal(3, card.FindAll("[data-testid=thread-comment]").Count);
        card.Find("textarea[data-testid=suggestion-reply-text]").Input("왜 수락했나요?");
        card.Find("button[data-testid=suggestion-reply]").Click();
        card.Find("button[data-testid=suggestion-revert]").Click();
        Assert.Equal([(12, "왜 수락했나요?")], replies);
        Assert.Equal([12], reverts);

        var reverted = Render<SuggestionCard>(p => p.Add(c => c.Suggestion, Suggestion(SuggestionState.Accepted, canRevert: false, reverted: 41)).Add(c => c.OnRevert, _ => { }));
        Assert.Empty(reverted.FindAll("[data-testid=suggestion-revert]"));
        Assert.Contains("41", reverted.Find("[data-testid=suggestion-reverted]").TextContent, StringComparison.Ordinal);
        var open = Render<SuggestionCard>(p => p.Add(c => c.Suggestion, Suggestion(SuggestionState.Open)).Add(c => c.OnRevert, _ => { }));
        Assert.Empty(open.FindAll("[data-testid=suggestion-revert]"));
    }
}
