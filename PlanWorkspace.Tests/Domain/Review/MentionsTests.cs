using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.Tests.Domain.Review;

/// <summary>@mentions by e-mail address: the whole address, any case, nothing like it.</summary>
public sealed class MentionsTests
{
    private static readonly (int, string, string?)[] People =
    [
        (2, "이서연", "lee@plan.kr"),
        (3, "임도윤", "advisor1@plan.local"),
        (4, "Kim", "kim@a.kr"),
        (5, "Kim Evil", "kim@a.kr.evil"),
        (6, "a", "a@b.kr"),
        (7, "No Mail", null),
    ];

    [Theory]
    [InlineData("@lee@plan.kr 확인 부탁드립니다", new[] { 2 })]
    [InlineData("@LEE@Plan.KR 대소문자는 가리지 않습니다", new[] { 2 })]
    [InlineData("@advisor1@plan.local님, @이서연 두 분 의견 주세요", new[] { 3, 2 })]
    [InlineData("마침표로 끝나도 주소입니다: @kim@a.kr.", new[] { 4 })]
    [InlineData("(@kim@a.kr) 괄호 안", new[] { 4 })]
    [InlineData("@kim@a.kr's note", new[] { 4 })]
    [InlineData("@kim@a.kr.evil 은 다른 사람", new[] { 5 })]
    [InlineData("@kim@a.kr 그리고 @kim@a.kr.evil", new[] { 4, 5 })]
    [InlineData("@lee@plan.kr @lee@plan.kr 두 번", new[] { 2 })]
    public void AWholeAddressAfterAnAtMentionsItsOwner(string body, int[] expected) =>
        Assert.Equal(expected, Mentions.Find(body, People));

    [Theory]
    [InlineData("@kim@a.kr.evi 는 아무도 아닙니다")]     // a prefix of an address
    [InlineData("@kim@a.k 는 아무도 아닙니다")]          // an address's prefix
    [InlineData("@im@a.kr 는 아무도 아닙니다")]          // its suffix
    [InlineData("@xkim@a.kr 는 아무도 아닙니다")]
    [InlineData("@kim@a.kr@evil.kr 는 아무도 아닙니다")]  // two @: not an address, and not "@Kim" either
    [InlineData("@Kim@nobody.kr 는 이름 Kim 이 아닙니다")]
    [InlineData("@lee@plan 는 주소가 아닙니다")]
    [InlineData("메일은 kim@a.kr 로 주세요 (a@b.kr 도)")]  // an address in the text is not a mention
    [InlineData("@@kim@a.kr")]
    public void AnythingButAWholeKnownAddressMentionsNobody(string body) =>
        Assert.Empty(Mentions.Find(body, People));

    [Fact]
    public void NamesStillMentionAsBefore() =>
        Assert.Equal([4, 2], Mentions.Find("@Kim 님과 @이서연님", People));

    [Fact]
    public void AVeryLongAddressLikeRunIsReadOnceAndMentionsNobody()
    {
        var body = "@" + string.Concat(Enumerable.Repeat("a@", 5000)) + "b.kr";
        Assert.Empty(Mentions.Find(body, People));
    }

    [Fact]
    public void WhatTheCompletionWritesMentionsThatPersonAloneEvenWhenANameIsShared()
    {
        (int, string, string?)[] people =
        [
            .. People,
            (8, "김민준", "kim1@plan.kr"),
            (9, "김 민준", "kim2@plan.kr"), // the same name without spaces
            (10, "KIM", null), // shares "Kim" without case and has no address to fall back on
        ];
        var written = Mentions.Written(people);

        Assert.Equal("@이서연", written[2]);
        Assert.Equal("@kim1@plan.kr", written[8]);
        Assert.Equal("@kim2@plan.kr", written[9]);
        Assert.Equal("@kim@a.kr", written[4]);
        foreach (var (id, _, _) in people.Where(p => p.Item1 != 10))
        {
            Assert.Equal([id], Mentions.Find(written[id] + " 확인 부탁드립니다", people));
        }
    }
}
