using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// Review's typed commands on the writer loop when the database refuses their store step (a
/// trigger in the real SQLite file): nothing of the action shows — not in the text, the anchors,
/// the op log or the review tables — and the section goes on as if it had not been tried.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReviewCommandTests : IAsyncLifetime
{
    private readonly RefusingParticipant _refusing = new();
    private LiveServer _server = default!;
    private ReviewService _review = default!;
    private DocumentSession _session = default!;
    private int _sectionId;

    public async Task InitializeAsync()
    {
        // A short retained history, so a revert can reach back further than the session holds.
        _server = LiveServer.Start(new Dictionary<string, string?> { ["Collaboration:RetainedVersions"] = "4" },
            services: s => s.AddSingleton<ICommitParticipant>(_refusing));
        _review = _server.Service<ReviewService>();
        _sectionId = await _server.SectionIdAsync("industry-ax");
        _session = (await _server.Service<DocumentSessionRegistry>().GetAsync(_sectionId))!;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SelectionAt Passage(string phrase)
    {
        var (version, text) = _session.Current();
        var start = text.IndexOf(phrase, StringComparison.Ordinal);
        Assert.True(start > 0, $"'{phrase}' is in the section, not at its start");
        return new SelectionAt(version, start, start + phrase.Length, phrase);
    }

    private async Task SqlAsync(string sql)
    {
        await using var db = _server.App.Database.CreateContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Fact]
    public async Task AnAcceptanceWhoseDecisionTheDatabaseRefusesChangesNeitherTheTextNorTheAnchors()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var viceChair = await _server.ActorAsync("vicechair@plan.local");
        var suggested = await _review.SuggestAsync(chair, _sectionId, Passage("비전 아래"), "새 비전 아래", "더 분명하게");
        Assert.True(suggested.Succeeded, suggested.Refusal?.Code);
        var markId = ReviewMark.IdOf(ReviewMarkKind.Suggestion, suggested.Value);
        var before = _session.CurrentWithMarks();
        var mark = Assert.Single(before.Marks, m => m.Id == markId);

        await SqlAsync("""CREATE TRIGGER "refuse_decision" BEFORE UPDATE ON "Suggestions" BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;""");
        var refused = await _review.AcceptAsync(viceChair, suggested.Value);

        // The edit was made in the working copy and its mark retired there; the failed commit undid both.
        Assert.Equal("Review.Error.Stale", refused.Refusal?.Code);
        var after = _session.CurrentWithMarks();
        Assert.Equal((before.Version, before.Text), (after.Version, after.Text));
        Assert.Equal(before.Marks, after.Marks);
        Assert.Equal((before.Text, before.Version), await _server.ReplayOpLogAsync(_sectionId));
        await using (var db = _server.App.Database.CreateContext())
        {
            var stored = await db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == suggested.Value);
            Assert.Equal((SuggestionState.Open, (int?)null), (stored.State, stored.AppliedVersion));
        }

        // The anchor is still tracked: typing before it moves it, and the acceptance then replaces it where it now is.
        await SqlAsync("""DROP TRIGGER "refuse_decision";""");
        var pushed = await _session.PushAsync(after.Version, [new ClientUpdate(ChangeSet.Of(after.Text.Length, 0, 0, "가"), "review-command-test")], chair.PersonId)
            .WaitAsync(LiveServer.Timeout);
        Assert.False(pushed.Behind);
        var moved = Assert.Single(_session.CurrentWithMarks().Marks, m => m.Id == markId);
        Assert.Equal((mark.From + 1, mark.To + 1), (moved.From, moved.To));

        var accepted = await _review.AcceptAsync(viceChair, suggested.Value);
        Assert.True(accepted.Succeeded, accepted.Refusal?.Code);
        var (version, text) = _session.Current();
        Assert.Equal(before.Version + 2, version);
        Assert.Equal("가" + before.Text[..mark.From] + "새 비전 아래" + before.Text[mark.To..], text);
        Assert.DoesNotContain(_session.CurrentWithMarks().Marks, m => m.Id == markId);
        Assert.Equal((text, version), await _server.ReplayOpLogAsync(_sectionId));
    }

    [Fact]
    public async Task AThreadWhoseRowTheDatabaseRefusesIsNeitherTrackedNorStored()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var before = _session.CurrentWithMarks();

        await SqlAsync("""CREATE TRIGGER "refuse_thread" BEFORE INSERT ON "CommentThreads" BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;""");
        var refused = await _review.StartThreadAsync(chair, _sectionId, Passage("비전 아래"), "이 문장을 다시 봅시다");

        Assert.Equal("Review.Error.Stale", refused.Refusal?.Code);
        var after = _session.CurrentWithMarks();
        Assert.Equal((before.Version, before.Text), (after.Version, after.Text));
        Assert.Equal(before.Marks, after.Marks);
        await using (var db = _server.App.Database.CreateContext())
        {
            Assert.Equal(0, await db.CommentThreads.CountAsync(t => t.SectionId == _sectionId));
        }

        // The writer loop goes on: the same thread is stored and drawn once the database takes it.
        await SqlAsync("""DROP TRIGGER "refuse_thread";""");
        var started = await _review.StartThreadAsync(chair, _sectionId, Passage("비전 아래"), "이 문장을 다시 봅시다");
        Assert.True(started.Succeeded, started.Refusal?.Code);
        Assert.Single(_session.CurrentWithMarks().Marks, m => m.Id == ReviewMark.IdOf(ReviewMarkKind.Thread, started.Value));
    }

    [Fact]
    public async Task AnAcceptanceRefusedInsideItsCommitLeavesTheTextAndTheAnchorsAsStored()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var viceChair = await _server.ActorAsync("vicechair@plan.local");
        var suggested = await _review.SuggestAsync(chair, _sectionId, Passage("비전 아래"), "새 비전 아래", null);
        Assert.True(suggested.Succeeded, suggested.Refusal?.Code);
        var markId = ReviewMark.IdOf(ReviewMarkKind.Suggestion, suggested.Value);
        var before = _session.CurrentWithMarks();
        var mark = Assert.Single(before.Marks, m => m.Id == markId);

        // A participant refuses the edit's commit: a refusal, not a failure, so the batch is not failed
        // for it — the session itself must put the working copy back.
        _refusing.Armed = true;
        var refused = await _review.AcceptAsync(viceChair, suggested.Value);
        _refusing.Armed = false;

        Assert.Equal("Review.Error.Final", refused.Refusal?.Code);
        var after = _session.CurrentWithMarks();
        Assert.Equal((before.Version, before.Text, before.Marks), (after.Version, after.Text, after.Marks));
        var pushed = await _session.PushAsync(after.Version, [new ClientUpdate(ChangeSet.Of(after.Text.Length, 0, 0, "가"), "review-command-test")], chair.PersonId)
            .WaitAsync(LiveServer.Timeout);
        Assert.Equal(before.Version + 1, pushed.Version);
        var moved = Assert.Single(_session.CurrentWithMarks().Marks, m => m.Id == markId);
        Assert.Equal((mark.From + 1, mark.To + 1), (moved.From, moved.To));
        Assert.Equal(("가" + before.Text, before.Version + 1), await _server.ReplayOpLogAsync(_sectionId));
        Assert.True((await _review.AcceptAsync(viceChair, suggested.Value)).Succeeded);
    }

    [Fact]
    public async Task ARevertFromBeforeTheRetainedHistoryIsRefusedAsTooOldAndChangesNothing()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var viceChair = await _server.ActorAsync("vicechair@plan.local");
        var suggested = await _review.SuggestAsync(chair, _sectionId, Passage("비전 아래"), "새 비전 아래", null);
        Assert.True((await _review.AcceptAsync(viceChair, suggested.Value)).Succeeded);

        // Enough commits after the acceptance that the session trims the version it was made at.
        for (var push = 0; push < 8; push++)
        {
            var (version, text) = _session.Current();
            var updates = Enumerable.Range(0, 10)
                .Select(i => new ClientUpdate(ChangeSet.Of(text.Length + i, text.Length + i, text.Length + i, "."), "typing")).ToList();
            var outcome = await _session.PushAsync(version, updates, chair.PersonId).WaitAsync(LiveServer.Timeout);
            Assert.Equal(version + 10, outcome.Version);
        }
        var before = _session.CurrentWithMarks();

        Assert.Equal("Review.Error.RevertTooOld", (await _review.RevertAsync(viceChair, suggested.Value)).Refusal?.Code);
        var after = _session.CurrentWithMarks();
        Assert.Equal((before.Version, before.Text, before.Marks), (after.Version, after.Text, after.Marks));
        await using var db = _server.App.Database.CreateContext();
        Assert.Null((await db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == suggested.Value)).RevertedVersion);
    }

    /// <summary>While armed, refuses every commit of an accepted suggestion's edit, as a participant with a rule would.</summary>
    private sealed class RefusingParticipant : ICommitParticipant
    {
        public volatile bool Armed;

        public Task<bool> OnCommitAsync(PlanDbContext db, CommitBatch batch, CancellationToken ct) =>
            Armed && batch.Accepted.Any(u => u.ClientId.StartsWith("suggestion-", StringComparison.Ordinal))
                ? throw new ReviewException(Refusals.Review.Final)
                : Task.FromResult(false);
    }
}
