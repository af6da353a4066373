using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.App.Data;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>Suggestions and threads over real hub connections while people type.</summary>
[Trait("Category", "Integration")]
public abstract class ReviewHubTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Chair = "chair.industry-ax@plan.local";
    private const string Secretariat = "secretariat@plan.local";
    private const string Advisor = "advisor1@plan.local";
    private LiveServer _server = default!;
    private ReviewService _review = default!;
    private int _sectionId;

    public async Task InitializeAsync()
    {
        _server = LiveServer.Start(provider: provider);
        _sectionId = await _server.SectionIdAsync("industry-ax");
        _review = _server.Service<ReviewService>();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // Passages of the given length that occur once, without line breaks or Markdown marks, spread over the text.
    private static List<string> UniquePassages(string text, int length)
    {
        var found = new List<string>();
        for (var i = 0; i + length <= text.Length; i += 7)
        {
            var candidate = text.Substring(i, length);
            if (candidate.IndexOfAny(['\n', '*', '#', '-', '|']) < 0 && text.IndexOf(candidate, StringComparison.Ordinal) == text.LastIndexOf(candidate, StringComparison.Ordinal)
                && found.All(f => Math.Abs(text.IndexOf(f, StringComparison.Ordinal) - i) > length + 20))
            {
                found.Add(candidate);
            }
        }
        Assert.True(found.Count >= 4, "the section has distinct passages");
        return found;
    }

    private static SelectionAt Select(RemoteEditor editor, string phrase, int occurrence = 0)
    {
        var text = editor.Text;
        var from = -1;
        for (var i = 0; i <= occurrence; i++)
        {
            from = text.IndexOf(phrase, from + 1, StringComparison.Ordinal);
        }
        Assert.True(from >= 0, $"'{phrase}' is in the section");
        return new SelectionAt(editor.Version, from, from + phrase.Length, phrase);
    }

    private static async Task TypeAsync(RemoteEditor editor, Random random, int edits, Func<string, int> where, CancellationToken ct)
    {
        for (var n = 0; n < edits; n++)
        {
            editor.Edit((text, length) =>
            {
                var pos = Math.Clamp(where(text) + random.Next(-3, 4), 0, length);
                return length > 40 && random.Next(4) == 0 && pos < length ? ChangeSet.Of(length, pos, pos + 1, "") : ChangeSet.Of(length, pos, pos, "가나 x"[random.Next(4)].ToString());
            });
            if (random.Next(3) == 0)
            {
                await editor.PushAsync(ct);
            }
        }
        await editor.PushAsync(ct);
    }

    [Fact]
    public async Task AnAcceptedSuggestionReachesEveryReplicaAndTheOpLogWhileOthersType()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var chair = await _server.ConnectAsync(Chair, _sectionId);
        var secretariat = await _server.ConnectAsync(Secretariat, _sectionId);
        var advisor = await _server.ConnectAsync(Advisor, _sectionId);
        Assert.False(advisor.CanEdit);
        var editors = new[] { chair, secretariat, advisor };

        // Pick two passages in the middle of the text: one to change, one to discuss.
        var passages = UniquePassages(advisor.Text, 8);
        var (target, discussed) = (passages[passages.Count / 2], passages[(passages.Count / 2) + 1]);
        var suggested = await _review.SuggestAsync(await _server.ActorAsync(Advisor), _sectionId, Select(advisor, target), "제안된 문구", "더 명확하게");
        Assert.True(suggested.Succeeded, suggested.Refusal?.Code);
        var thread = await _review.StartThreadAsync(await _server.ActorAsync(Advisor), _sectionId, Select(advisor, discussed), "이 부분 근거가 필요합니다 @이서연");
        Assert.True(thread.Succeeded, thread.Refusal?.Code);

        // The chair and the secretariat type before and after the passages while the chair accepts.
        var typing = Task.WhenAll(
            TypeAsync(chair, new Random(1), 60, t => 0, cts.Token),
            TypeAsync(secretariat, new Random(2), 60, t => t.Length, cts.Token));
        await Task.Delay(150, cts.Token);
        var accepted = await _review.AcceptAsync(await _server.ActorAsync(Chair), suggested.Value);
        Assert.True(accepted.Succeeded, accepted.Refusal?.Code);
        await typing;

        var (logText, logVersion) = await _server.ReplayOpLogAsync(_sectionId);
        Assert.Contains("제안된 문구", logText, StringComparison.Ordinal);
        Assert.DoesNotContain(target, logText, StringComparison.Ordinal);
        foreach (var editor in editors)
        {
            await editor.WaitForVersionAsync(logVersion, LiveServer.Timeout);
            Assert.Equal(logText, editor.Text);
        }

        await using var db = _server.App.Database.CreateContext();
        var stored = await db.Suggestions.SingleAsync(s => s.Id == suggested.Value);
        Assert.Equal(SuggestionState.Accepted, stored.State);
        var op = await db.SectionOps.SingleAsync(o => o.SectionId == _sectionId && o.Version == stored.AppliedVersion);
        var advisorId = (await _server.ActorAsync(Advisor)).PersonId;
        Assert.Equal(advisorId, op.AuthorId); // the edit is the advisor's, approved by the chair
        Assert.Equal((await _server.ActorAsync(Chair)).PersonId, stored.DecidedById);

        // The thread's anchor is on the same characters for the server and every replica.
        var storedThread = await db.CommentThreads.SingleAsync(t => t.Id == thread.Value);
        Assert.Equal(discussed, logText[storedThread.Anchor.From..storedThread.Anchor.To]);
        foreach (var editor in editors)
        {
            var mark = editor.Marks[ReviewMark.IdOf(ReviewMarkKind.Thread, thread.Value)];
            Assert.Equal((storedThread.Anchor.From, storedThread.Anchor.To), (mark.From, mark.To));
            Assert.False(editor.Marks.ContainsKey(ReviewMark.IdOf(ReviewMarkKind.Suggestion, suggested.Value)));
        }
        foreach (var editor in editors)
        {
            await editor.DisposeAsync();
        }
    }

    [Fact]
    public async Task DeletingTheAnchoredTextOrphansAndEditingItOutdates()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var chair = await _server.ConnectAsync(Chair, _sectionId);
        var advisorActor = await _server.ActorAsync(Advisor);
        var passages = UniquePassages(chair.Text, 10);
        var (first, second) = (passages[^1], passages[^3]);
        var outdated = await _review.SuggestAsync(advisorActor, _sectionId, Select(chair, first), "바꾼 문장", null);
        var orphaned = await _review.StartThreadAsync(advisorActor, _sectionId, Select(chair, second), "질문");
        Assert.True(outdated.Succeeded && orphaned.Succeeded);
        await chair.PullAsync(cts.Token);

        // The chair edits inside the first passage and deletes the second (with some text around it).
        chair.Edit((t, length) => { var at = t.IndexOf(first, StringComparison.Ordinal) + 3; return ChangeSet.Of(length, at, at, "추가"); });
        chair.Edit((t, length) => { var at = t.IndexOf(second, StringComparison.Ordinal); return ChangeSet.Of(length, Math.Max(0, at - 1), at + second.Length + 1, ""); });
        await chair.PushAsync(cts.Token);

        await using var db = _server.App.Database.CreateContext();
        var suggestion = await db.Suggestions.SingleAsync(s => s.Id == outdated.Value);
        Assert.Equal(SuggestionState.Outdated, suggestion.State);
        Assert.Equal(first[..3] + "추가" + first[3..], suggestion.CurrentText);
        var thread = await db.CommentThreads.SingleAsync(t => t.Id == orphaned.Value);
        Assert.True(thread.Orphaned);
        Assert.Equal(second, thread.Quote);

        // Accepting an outdated suggestion needs confirmation; then it replaces what is there now.
        var chairActor = await _server.ActorAsync(Chair);
        Assert.Equal("Review.Error.ConfirmOutdated", (await _review.AcceptAsync(chairActor, outdated.Value)).Refusal?.Code);
        Assert.True((await _review.AcceptAsync(chairActor, outdated.Value, confirmOutdated: true)).Succeeded);
        var (logText, _) = await _server.ReplayOpLogAsync(_sectionId);
        Assert.Contains("바꾼 문장", logText, StringComparison.Ordinal);
        Assert.DoesNotContain(first[..3] + "추가", logText, StringComparison.Ordinal);
        await chair.DisposeAsync();
    }

    [Fact]
    public async Task AnchorsSurviveARestartOfTheSession()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var chair = await _server.ConnectAsync(Chair, _sectionId);
        var phrase = UniquePassages(chair.Text, 6)[2];
        var thread = await _review.StartThreadAsync(await _server.ActorAsync(Chair), _sectionId, Select(chair, phrase), "확인 필요");
        Assert.True(thread.Succeeded, thread.Refusal?.Code);
        await chair.PullAsync(cts.Token);
        chair.Edit((_, length) => ChangeSet.Of(length, 0, 0, "머리말\n"));
        await chair.PushAsync(cts.Token);
        await chair.DisposeAsync();

        // A fresh session loads the anchor as stored with the last commit.
        var registry = _server.Service<DocumentSessionRegistry>();
        await using (var db = _server.App.Database.CreateContext())
        {
            var stored = await db.CommentThreads.SingleAsync(t => t.Id == thread.Value);
            var loaded = await _server.Service<OpLogStore>().LoadAsync(_sectionId, 10);
            Assert.NotNull(loaded);
            var mark = Assert.Single(loaded!.Marks, m => m.Mark.Id == ReviewMark.IdOf(ReviewMarkKind.Thread, thread.Value));
            var (logText, logVersion) = await _server.ReplayOpLogAsync(_sectionId);
            Assert.Equal(logVersion, stored.Anchor.Version);
            Assert.Equal(phrase, logText[mark.Anchor.From..mark.Anchor.To]);
        }
        Assert.NotNull(registry.Loaded(_sectionId));
    }

    /// <summary>On a SQLite file.</summary>
    public sealed class OnSqlite() : ReviewHubTests(DatabaseProvider.Sqlite);

    /// <summary>On a database of the run's PostgreSQL server.</summary>
    public sealed class OnPostgres() : ReviewHubTests(DatabaseProvider.Postgres);
}
