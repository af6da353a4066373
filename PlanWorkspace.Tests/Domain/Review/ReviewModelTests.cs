using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.Tests.Domain.Review;

public sealed class ReviewModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(9));
    private static readonly ReviewAnchor At = new(10, 14, 3);

    private static Suggestion Make(string quote = "초안문구", string current = "초안문구", string? replacement = "수정문구") =>
        new(1, authorId: 7, At with { To = At.From + current.Length }, quote, current, replacement, "이유", Now);

    [Fact]
    public void ASuggestionIsOpenWhileItsTextIsUnchangedAndOutdatedOtherwise()
    {
        var suggestion = Make();
        Assert.Equal(SuggestionState.Open, suggestion.State);
        Assert.Equal(SuggestionKind.Replace, suggestion.Kind);

        Assert.True(suggestion.Track(new ReviewAnchor(12, 17, 5), "초안X문구"));
        Assert.Equal(SuggestionState.Outdated, suggestion.State);
        Assert.Equal("초안X문구", suggestion.CurrentText);

        Assert.True(suggestion.Track(new ReviewAnchor(12, 16, 6), "초안문구"));
        Assert.Equal(SuggestionState.Open, suggestion.State);
        Assert.False(suggestion.Track(new ReviewAnchor(12, 16, 6), "초안문구"));
    }

    [Fact]
    public void MadeOnTextThatAlreadyChangedItStartsOutdated() =>
        Assert.Equal(SuggestionState.Outdated, Make(quote: "초안문구", current: "초안문서").State);

    [Theory]
    [InlineData("", "삽입", SuggestionKind.Insert)]
    [InlineData("삭제할 말", "", SuggestionKind.Delete)]
    public void InsertionsAndDeletionsAreSuggestionsToo(string quote, string replacement, SuggestionKind kind) =>
        Assert.Equal(kind, Make(quote, quote, replacement).Kind);

    [Theory]
    [InlineData("", "", "Review.Error.NothingSuggested")]
    [InlineData("같음", "같음", "Review.Error.SameText")]
    public void ASuggestionThatChangesNothingIsRefused(string quote, string replacement, string code) =>
        Assert.Equal(code, Assert.Throws<ReviewException>(() => Make(quote, quote, replacement)).Code);

    [Fact]
    public void OversizedTextsAreRefused()
    {
        Assert.Equal("Review.Error.TooLong", Assert.Throws<ReviewException>(() => Make(replacement: new string('가', ReviewText.MaxReplacement + 1))).Code);
        Assert.Equal("Review.Error.TooLong", Assert.Throws<ReviewException>(() =>
            new Suggestion(1, 7, At, "초안문구", "초안문구", "수정", new string('x', ReviewText.MaxReason + 1), Now)).Code);
        Assert.Equal("Review.Error.Empty", Assert.Throws<ReviewException>(() => new CommentThread(1, 7, At, "인용", "   ", [], Now)).Code);
        Assert.Equal("Review.Error.TooLong", Assert.Throws<ReviewException>(() => new CommentThread(1, 7, At, "인용", new string('x', ReviewText.MaxComment + 1), [], Now)).Code);
    }

    public static TheoryData<string> FinalActions => ["accept", "reject", "withdraw", "orphan"];

    [Theory]
    [MemberData(nameof(FinalActions))]
    public void FinalStatesAcceptNoFurtherAction(string first)
    {
        var suggestion = Make();
        Act(suggestion, first);
        Assert.True(suggestion.IsFinal);
        var before = (suggestion.State, suggestion.DecidedById, suggestion.DecisionNote, suggestion.Anchor);
        foreach (var next in FinalActions)
        {
            Assert.Equal("Review.Error.Final", Assert.Throws<ReviewException>(() => Act(suggestion, next)).Code);
        }
        Assert.False(suggestion.Track(new ReviewAnchor(0, 1, 9), "x"));
        Assert.Equal(before, (suggestion.State, suggestion.DecidedById, suggestion.DecisionNote, suggestion.Anchor));
    }

    private static void Act(Suggestion suggestion, string action)
    {
        switch (action)
        {
            case "accept": suggestion.Accept(2, 9, Now); break;
            case "reject": suggestion.Reject(2, "근거 부족", Now); break;
            case "withdraw": suggestion.Withdraw(7, Now); break;
            default: suggestion.Orphan(9); break;
        }
    }

    [Fact]
    public void OnlyTheAuthorWithdraws()
    {
        var suggestion = Make();
        Assert.Equal("Review.Error.NotYours", Assert.Throws<ReviewException>(() => suggestion.Withdraw(8, Now)).Code);
        Assert.Equal(SuggestionState.Open, suggestion.State);
    }

    [Fact]
    public void AcceptingRecordsTheDeciderAndTheVersionItProduced()
    {
        var suggestion = Make();
        suggestion.Accept(2, 41, Now);
        Assert.Equal((SuggestionState.Accepted, 2, 41), (suggestion.State, suggestion.DecidedById, suggestion.AppliedVersion));
    }

    [Fact]
    public void AnOrphanedItemKeepsItsQuote()
    {
        var suggestion = Make();
        suggestion.Orphan(12);
        Assert.Equal((SuggestionState.Orphaned, "초안문구", 12), (suggestion.State, suggestion.Quote, suggestion.Anchor.Version));

        var thread = new CommentThread(1, 7, At, "인용문", "질문", [], Now);
        thread.Orphan(12);
        Assert.True(thread.Orphaned);
        Assert.Equal("인용문", thread.Quote);
        Assert.False(thread.Track(new ReviewAnchor(1, 2, 13)));
    }

    [Fact]
    public void AThreadResolvesReopensAndAReplyReopensIt()
    {
        var thread = new CommentThread(1, 7, At, "인용", "질문입니다", [3], Now);
        thread.Resolve(7, Now);
        Assert.Equal("Review.Error.AlreadyResolved", Assert.Throws<ReviewException>(() => thread.Resolve(7, Now)).Code);
        thread.Reopen();
        Assert.Equal("Review.Error.NotResolved", Assert.Throws<ReviewException>(thread.Reopen).Code);
        thread.Resolve(2, Now);
        thread.Reply(3, "답변", [], Now);
        Assert.False(thread.Resolved);
        Assert.Equal(2, thread.Comments.Count);
        Assert.Equal([3], thread.Comments[0].Mentions);
    }

    [Fact]
    public void AnAuthorDoesNotMentionThemself() =>
        Assert.Empty(new CommentThread(1, 7, At, "인용", "@나", [7], Now).Comments[0].Mentions);

    [Theory]
    [InlineData("@이서연 확인 부탁드립니다", new[] { 2 })]
    [InlineData("@이서연님, @임도윤 두 분 의견 주세요", new[] { 2, 3 })]
    [InlineData("이메일 a@b.kr 은 언급이 아닙니다", new int[0])]
    [InlineData("@Kim 은 없는 사람, @KimMinjun 은 있는 사람", new[] { 5 })]
    [InlineData("@KimMinjunior 는 다른 사람", new int[0])]
    public void MentionsAreFoundByNameWithoutSpaces(string body, int[] expected)
    {
        (int, string)[] people = [(2, "이서연"), (3, "임도윤"), (4, "이서"), (5, "Kim Minjun")];
        Assert.Equal(expected, Mentions.Find(body, people));
    }

    public static TheoryData<string, bool, bool, bool, bool> Roles => new()
    {
        // who, may suggest/comment on body 2, decide others' suggestions there, decide own, resolve others' threads
        { "vice-chair", true, true, true, true },
        { "chair of 2", true, true, false, true },
        { "secretariat of 2", true, true, false, true },
        { "chair of 3", true, false, false, false },
        { "advisor of 2", true, false, false, false },
        { "advisor of 3", false, false, false, false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void ThePolicyMatrix(string who, bool suggest, bool decideOthers, bool decideOwn, bool resolveOthers)
    {
        var actor = who switch
        {
            "vice-chair" => new Actor(1, "부위원장", [(Role.ViceChair, null)]),
            "chair of 2" => new Actor(1, "의장", [(Role.Chair, 2)]),
            "secretariat of 2" => new Actor(1, "간사", [(Role.Secretariat, 2)]),
            "chair of 3" => new Actor(1, "타 분과", [(Role.Chair, 3)]),
            "advisor of 2" => new Actor(1, "자문", [(Role.Advisor, 2)]),
            _ => new Actor(1, "타 자문", [(Role.Advisor, 3)]),
        };
        Assert.Equal(suggest, AccessPolicy.CanSuggest(actor, 2));
        Assert.Equal(suggest, AccessPolicy.CanComment(actor, 2));
        Assert.Equal(decideOthers, AccessPolicy.CanDecideSuggestion(actor, 2, authorId: 9));
        Assert.Equal(decideOwn, AccessPolicy.CanDecideSuggestion(actor, 2, authorId: 1));
        Assert.Equal(resolveOthers, AccessPolicy.CanResolveThread(actor, 2, starterId: 9));
        Assert.Equal(suggest, AccessPolicy.CanResolveThread(actor, 2, starterId: 1));
    }
}
