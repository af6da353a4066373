using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Review;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>Mentions, replies and decisions notify the people concerned — on a real database, checked by the server.</summary>
[Trait("Category", "Integration")]
public sealed class NotificationTests : IAsyncLifetime
{
    private LiveServer _server = default!;
    private ReviewService _review = default!;
    private NotificationService _notifications = default!;
    private int _industry;

    public async Task InitializeAsync()
    {
        _server = LiveServer.Start();
        _review = _server.Service<ReviewService>();
        _notifications = _server.Service<NotificationService>();
        _industry = await _server.SectionIdAsync("industry-ax");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<SelectionAt> PassageAsync(int skip = 0)
    {
        var session = await _server.Service<PlanWorkspace.App.Drafting.DocumentSessionRegistry>().GetAsync(_industry);
        var (version, text) = session!.Current();
        var start = text.IndexOf("비전 아래", StringComparison.Ordinal) + skip;
        return new SelectionAt(version, start, start + 2, text.Substring(start, 2));
    }

    private async Task<IReadOnlyList<NotificationView>> UnreadAsync(string email) =>
        await _notifications.ListAsync(await _server.ActorAsync(email), unreadOnly: true);

    [Fact]
    public async Task AMentionNotifiesThePersonWhoMayReadTheSectionWithALinkToThePassageButNotSomeoneWhoMayNot()
    {
        var told = new ConcurrentBag<int>();
        using var heard = _server.Service<SectionFeed>().SubscribeAll(e =>
        {
            if (e is PeopleNotified notified)
            {
                foreach (var id in notified.PersonIds) { told.Add(id); }
            }
        });
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var outsider = await _server.ActorAsync("advisor3@plan.local"); // 보안 TF only

        var started = await _review.StartThreadAsync(chair, _industry, await PassageAsync(), "@임도윤 님, @홍지호 님 확인 부탁드립니다");

        Assert.True(started.Succeeded, started.Refusal?.Code);
        var mention = Assert.Single(await UnreadAsync("advisor1@plan.local"));
        Assert.Equal((NotificationTopic.Mention, "이서연", $"t{started.Value}"), (mention.Topic, mention.ActorName, mention.MarkId));
        Assert.Equal($"sections/{_industry}?mark=t{started.Value}", mention.Link);
        Assert.Empty(await UnreadAsync("advisor3@plan.local"));
        Assert.Empty(await UnreadAsync("chair.industry-ax@plan.local")); // not told of their own comment
        Assert.Contains(advisor.PersonId, told);
        Assert.DoesNotContain(outsider.PersonId, told);
    }

    [Fact]
    public async Task AReplyNotifiesEveryoneInTheThreadOnceAndAMentionedNewcomerAsAMention()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var secretary = await _server.ActorAsync("secretariat@plan.local");
        var thread = await _review.StartThreadAsync(advisor, _industry, await PassageAsync(), "표현이 모호합니다");
        Assert.True((await _review.ReplyAsync(chair, thread.Value, "수정하겠습니다")).Succeeded);

        var replied = await _review.ReplyAsync(secretary, thread.Value, "@이서연 @임도윤 일정 공유드립니다");

        Assert.True(replied.Succeeded, replied.Refusal?.Code);
        var advisorInbox = await UnreadAsync("advisor1@plan.local");
        Assert.Equal([NotificationTopic.Mention, NotificationTopic.Reply], advisorInbox.Select(n => n.Topic).OrderBy(t => t));
        Assert.Equal(["오하늘", "이서연"], advisorInbox.Select(n => n.ActorName!).Order(StringComparer.Ordinal));
        var chairInbox = await UnreadAsync("chair.industry-ax@plan.local");
        Assert.Equal(NotificationTopic.Mention, Assert.Single(chairInbox).Topic); // mentioned and in the thread: told once
        Assert.Empty(await UnreadAsync("secretariat@plan.local"));
    }

    [Fact]
    public async Task AcceptingAndRejectingASuggestionNotifyItsAuthorAndMarkingReadTouchesOnlyOnesOwn()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var first = await _review.SuggestAsync(advisor, _industry, await PassageAsync(), "바꿈", null);
        var second = await _review.SuggestAsync(advisor, _industry, await PassageAsync(3), "고침", null);

        Assert.True((await _review.AcceptAsync(chair, first.Value)).Succeeded);
        Assert.True((await _review.RejectAsync(chair, second.Value, "유지")).Succeeded);

        var inbox = await UnreadAsync("advisor1@plan.local");
        Assert.Equal([(NotificationTopic.SuggestionRejected, $"s{second.Value}"), (NotificationTopic.SuggestionAccepted, $"s{first.Value}")],
            inbox.Select(n => (n.Topic, n.MarkId!)));

        // Someone else's id changes nothing; the owner marks one, then all.
        await _notifications.MarkReadAsync(chair, inbox[0].Id);
        Assert.Equal(2, (await UnreadAsync("advisor1@plan.local")).Count);
        await _notifications.MarkReadAsync(advisor, inbox[0].Id);
        Assert.Equal(inbox[1].Id, Assert.Single(await UnreadAsync("advisor1@plan.local")).Id);
        await _notifications.MarkReadAsync(advisor);
        Assert.Empty(await UnreadAsync("advisor1@plan.local"));
        Assert.Equal(2, (await _notifications.ListAsync(advisor, unreadOnly: false)).Count(n => n.Read));
    }

    [Fact]
    public async Task SomeoneWhoLeftTheBodyIsNotToldAndNoLongerSeesWhatWasAddressedToThem()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var thread = await _review.StartThreadAsync(advisor, _industry, await PassageAsync(), "의견");
        Assert.True((await _review.ReplyAsync(chair, thread.Value, "답변 1")).Succeeded);
        Assert.Single(await UnreadAsync("advisor1@plan.local"));

        await using (var db = _server.App.Database.CreateContext())
        {
            var person = await db.People.Include(p => p.Memberships).FirstAsync(p => p.Id == advisor.PersonId);
            db.RemoveRange(person.Memberships);
            await db.SaveChangesAsync();
        }
        Assert.True((await _review.ReplyAsync(chair, thread.Value, "답변 2")).Succeeded);

        Assert.Empty(await UnreadAsync("advisor1@plan.local"));
        await using var check = _server.App.Database.CreateContext();
        Assert.Equal(1, await check.Notifications.CountAsync(n => n.PersonId == advisor.PersonId));
    }

    [Fact]
    public async Task OnlyTheAuthorMayReviseASuggestionAndOnlyWhilePending()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var made = await _review.SuggestAsync(advisor, _industry, await PassageAsync(), "바꿈", null);

        Assert.Equal("Review.Error.NotYours", (await _review.ReviseAsync(chair, made.Value, await PassageAsync(), "남의 것")).Refusal?.Code);
        Assert.True((await _review.ReviseAsync(advisor, made.Value, await PassageAsync(), "바꿈과 보탬")).Succeeded);
        Assert.True((await _review.RejectAsync(chair, made.Value, null)).Succeeded);
        Assert.Equal("Review.Error.Final", (await _review.ReviseAsync(advisor, made.Value, await PassageAsync(), "다시")).Refusal?.Code);

        await using var db = _server.App.Database.CreateContext();
        var stored = await db.Suggestions.SingleAsync(s => s.Id == made.Value);
        Assert.Equal(("바꿈과 보탬", SuggestionState.Rejected), (stored.Replacement, stored.State));
    }

    [Fact]
    public async Task AMentionByEMailAddressInACommentOrASuggestionsReasonNotifiesAReaderAndNobodyElse()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var advisor = await _server.ActorAsync("advisor1@plan.local");

        // advisor3 may not read the 산업AX section; "advisor1@plan.local.evil" is nobody's address.
        var started = await _review.StartThreadAsync(chair, _industry, await PassageAsync(),
            "@Advisor1@Plan.Local 님, @advisor3@plan.local 님, @advisor1@plan.local.evil 확인 부탁드립니다");
        Assert.True(started.Succeeded, started.Refusal?.Code);
        var mention = Assert.Single(await UnreadAsync("advisor1@plan.local"));
        Assert.Equal((NotificationTopic.Mention, $"t{started.Value}"), (mention.Topic, mention.MarkId));
        Assert.Empty(await UnreadAsync("advisor3@plan.local"));
        await using (var db = _server.App.Database.CreateContext())
        {
            var outsider = await _server.ActorAsync("advisor3@plan.local");
            Assert.Equal(0, await db.Notifications.CountAsync(n => n.PersonId == outsider.PersonId));
            var comment = await db.Comments.AsNoTracking().SingleAsync(c => c.ThreadId == started.Value);
            Assert.Equal([advisor.PersonId], comment.Mentions);
        }

        // A suggestion's reason mentions too: the secretariat hears of it, linked to the suggestion.
        var suggested = await _review.SuggestAsync(advisor, _industry, await PassageAsync(3), "바꿈", "@secretariat@plan.local 검토 부탁드립니다 (@advisor3@plan.local)");
        Assert.True(suggested.Succeeded, suggested.Refusal?.Code);
        var told = Assert.Single(await UnreadAsync("secretariat@plan.local"));
        Assert.Equal((NotificationTopic.Mention, $"s{suggested.Value}", "임도윤"), (told.Topic, told.MarkId, told.ActorName));
        Assert.Empty(await UnreadAsync("advisor3@plan.local"));
    }
}
