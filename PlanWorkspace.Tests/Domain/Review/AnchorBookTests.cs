using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Tests.Domain.Review;

/// <summary>The review marks a live document tracks: what a commit stores about them, and only once it is durable.</summary>
public sealed class AnchorBookTests
{
    private static readonly ReviewMark Suggestion = new(ReviewMarkKind.Suggestion, 12, 7, "이서연", "#1565c0", "제조", "제조업", Resolved: false);
    private static readonly ReviewMark Thread = new(ReviewMarkKind.Thread, 5, 7, "이서연", "#1565c0", "경쟁력", "", Resolved: false);

    // "글로벌 제조 경쟁력 1위": 제조 at 4..6, 경쟁력 at 7..10.
    private static (DocumentAuthority Working, AnchorBook Book) Load()
    {
        var working = new DocumentAuthority("글로벌 제조 경쟁력 1위", 0);
        var book = new AnchorBook();
        var outside = book.Load(working, [
            new StoredMark(Suggestion, new ReviewAnchor(4, 6, 0), "제조"),
            new StoredMark(Thread, new ReviewAnchor(7, 10, 0), ""),
            new StoredMark(Thread with { ItemId = 6 }, new ReviewAnchor(30, 40, 0), ""),
        ]);
        Assert.Equal(["t6"], outside.Select(m => m.Mark.Id));
        return (working, book);
    }

    private static AcceptedUpdate Edit(DocumentAuthority working, int from, int to, string insert)
    {
        var result = working.Receive(working.Version, [new ClientUpdate(ChangeSet.Of(working.Length, from, to, insert), "p1-a")], "1", DateTimeOffset.UnixEpoch);
        return Assert.Single(result.Accepted);
    }

    [Fact]
    public void AnEditBeforeTheMarksMovesThemAndTheMovesAreStoredWithTheCommit()
    {
        var (working, book) = Load();
        var deleted = working.Receive(0, [new ClientUpdate(ChangeSet.Of(working.Length, 0, 0, "① "), "p1-a")], "1", DateTimeOffset.UnixEpoch).DeletedAnchors;
        var changed = new List<ReviewMarkInfo>();

        var plan = book.Plan(working, deleted, working.Version, changed, untrackId: null);

        Assert.Equal([(ReviewMarkKind.Suggestion, 6, 8, false), (ReviewMarkKind.Thread, 9, 12, false)],
            plan.Effects.Select(e => (e.Kind, e.Anchor.From, e.Anchor.To, e.Orphaned)).OrderBy(e => e.Kind));
        Assert.Empty(changed); // moved, not re-stated: editors map marks themselves
        Assert.True(plan.Changed);
    }

    [Fact]
    public void ASuggestionWhoseTextChangedIsOutdatedAndAMarkWhoseTextWasDeletedIsOrphaned()
    {
        var (working, book) = Load();
        Edit(working, 5, 6, "품"); // 제조 → 제품
        var deleted = working.Receive(1, [new ClientUpdate(ChangeSet.Of(working.Length, 6, 10, ""), "p1-a")], "1", DateTimeOffset.UnixEpoch).DeletedAnchors;
        var changed = new List<ReviewMarkInfo>();

        var plan = book.Plan(working, deleted, working.Version, changed, untrackId: null);
        plan.Apply();

        Assert.Contains(changed, m => m is { Id: "s12", State: "outdated" });
        Assert.Contains(changed, m => m is { Id: "t5", State: "gone" });
        Assert.Contains(plan.Effects, e => e is { Kind: ReviewMarkKind.Thread, Orphaned: true });
        Assert.Equal(["s12"], book.Infos(working).Select(m => m.Id));
    }

    [Fact]
    public void UntilApplyTheBookKeepsTheStoredAnchorsSoAFailedCommitRetracksThem()
    {
        var (working, book) = Load();
        var committed = working.Clone();
        Edit(working, 0, 0, "가나다 ");
        book.Plan(working, [], working.Version, [], untrackId: null); // planned, never applied: the commit failed

        book.Retrack(committed);

        Assert.Equal([("s12", 4, 6), ("t5", 7, 10)], book.Infos(committed).Select(m => (m.Id, m.From, m.To)).OrderBy(m => m.Id));
    }

    [Fact]
    public void RetiringAMarkTakesItOutOfTheTextAtOnceAndOutOfTheBookWithTheCommit()
    {
        var (working, book) = Load();

        var gone = book.Retire(working, "s12");
        var plan = book.Plan(working, [], working.Version, [], untrackId: "s12");

        Assert.Equal(("s12", "gone"), (gone!.Id, gone.State));
        Assert.Null(working.FindAnchor("s12"));
        Assert.Contains(book.Infos(working), m => m.Id == "s12"); // not durable yet
        plan.Apply();
        Assert.DoesNotContain(book.Infos(working), m => m.Id == "s12");
        Assert.Null(book.Untrack(working, "s12"));
    }
}
