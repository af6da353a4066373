using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.App.Workflow;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.App.Data;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>Submit, request changes, approve, reopen by editing — permissions, records and notifications on a real database.</summary>
[Trait("Category", "Integration")]
public abstract class WorkflowTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Chair = "chair.industry-ax@plan.local";
    private LiveServer _server = default!;
    private SectionWorkflow _workflow = default!;
    private int _sectionId;

    public async Task InitializeAsync()
    {
        _server = LiveServer.Start(provider: provider);
        _workflow = _server.Service<SectionWorkflow>();
        _sectionId = await _server.SectionIdAsync("industry-ax");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<Section> SectionAsync()
    {
        await using var db = _server.App.Database.CreateContext();
        return await db.Sections.AsNoTracking().SingleAsync(s => s.Id == _sectionId);
    }

    [Theory]
    [InlineData("chair.data@plan.local")]
    [InlineData("advisor1@plan.local")]
    [InlineData("vicechair@plan.local")]
    public async Task OnlyTheBodysWritersSubmit(string email)
    {
        Assert.Equal("Workflow.Error.Forbidden", (await _workflow.SubmitAsync(await _server.ActorAsync(email), _sectionId)).Refusal?.Code);
        Assert.Equal(SectionStatus.Drafting, (await SectionAsync()).Status);
    }

    [Theory]
    [InlineData(Chair)]
    [InlineData("secretariat@plan.local")]
    [InlineData("advisor1@plan.local")]
    public async Task OnlyTheViceChairApprovesOrRequestsChanges(string email)
    {
        Assert.True((await _workflow.SubmitAsync(await _server.ActorAsync(Chair), _sectionId)).Succeeded);
        var actor = await _server.ActorAsync(email);
        Assert.Equal("Workflow.Error.Forbidden", (await _workflow.ApproveAsync(actor, _sectionId, 0)).Refusal?.Code);
        Assert.Equal("Workflow.Error.Forbidden", (await _workflow.RequestChangesAsync(actor, _sectionId, "다시")).Refusal?.Code);
        Assert.Equal(SectionStatus.Submitted, (await SectionAsync()).Status);
    }

    [Fact]
    public async Task TextTypedAfterSubmissionIsNeverApprovedUnseen()
    {
        var chair = await _server.ActorAsync(Chair);
        var viceChair = await _server.ActorAsync("vicechair@plan.local");
        await using var editor = await _server.ConnectAsync(Chair, _sectionId);
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var joined = editor.Version;
        editor.Edit((_, length) => ChangeSet.Of(length, length, length, "\n제출할 문단."));
        await editor.PushAsync(cts.Token);
        await editor.WaitForVersionAsync(joined + 1, LiveServer.Timeout);
        Assert.True((await _workflow.SubmitAsync(chair, _sectionId)).Succeeded);
        var submitted = (await SectionAsync()).SubmittedVersion!.Value;
        Assert.Equal(editor.Version, submitted);

        // Typed after submission: the submission stays, marked changed.
        editor.Edit((_, length) => ChangeSet.Of(length, length, length, "SNEAKED"));
        await editor.PushAsync(cts.Token);
        var current = submitted + 1;
        await editor.WaitForVersionAsync(current, LiveServer.Timeout);
        Assert.True((await SectionAsync()).ChangedSinceSubmission(current));

        // Approving what was submitted (and reviewed) is refused: the vice-chair never saw "SNEAKED".
        Assert.Equal(Refusals.Workflow.ChangedSinceReview.Code, (await _workflow.ApproveAsync(viceChair, _sectionId, submitted)).Refusal?.Code);
        var refused = await SectionAsync();
        Assert.Equal((SectionStatus.Submitted, (int?)null), (refused.Status, refused.ApprovedVersion));

        Assert.True((await _workflow.ApproveAsync(viceChair, _sectionId, current)).Succeeded);
        var approved = await SectionAsync();
        Assert.Equal((SectionStatus.Approved, (int?)current), (approved.Status, approved.ApprovedVersion));
        await using var db = _server.App.Database.CreateContext();
        Assert.Equal(current, (await db.SectionEvents.SingleAsync(e => e.SectionId == _sectionId && e.Kind == SectionEventKind.Approved)).Version);
    }

    [Fact]
    public async Task ApprovingAVersionAheadOfTheStoredTextIsRefused()
    {
        Assert.True((await _workflow.SubmitAsync(await _server.ActorAsync(Chair), _sectionId)).Succeeded);
        var submitted = (await SectionAsync()).SubmittedVersion!.Value;
        Assert.Equal(Refusals.Workflow.ChangedSinceReview.Code, (await _workflow.ApproveAsync(await _server.ActorAsync("vicechair@plan.local"), _sectionId, submitted + 1)).Refusal?.Code);
        Assert.Equal(SectionStatus.Submitted, (await SectionAsync()).Status);
    }

    [Fact]
    public async Task TheFullRoundIsRecordedAndAnEditAfterApprovalTellsTheViceChair()
    {
        var chair = await _server.ActorAsync(Chair);
        var viceChair = await _server.ActorAsync("vicechair@plan.local");
        var editor = await _server.ConnectAsync(Chair, _sectionId);

        Assert.True((await _workflow.SubmitAsync(chair, _sectionId)).Succeeded);
        Assert.Single(await _workflow.UnreadAsync(viceChair), n => n.Notification.Kind == SectionEventKind.Submitted);
        Assert.Equal("Workflow.Error.WrongStatus", (await _workflow.SubmitAsync(chair, _sectionId)).Refusal?.Code);
        Assert.Equal("Workflow.Error.NoteRequired", (await _workflow.RequestChangesAsync(viceChair, _sectionId, " ")).Refusal?.Code);
        Assert.Equal("Review.Error.TooLong", (await _workflow.RequestChangesAsync(viceChair, _sectionId, new string('가', 4001))).Refusal?.Code);
        Assert.Equal(SectionStatus.Submitted, (await SectionAsync()).Status);

        // The vice-chair sends it back with a note anchored to a passage: it is also a comment thread there.
        var (version, text) = (await _server.Service<DocumentSessionRegistry>().GetAsync(_sectionId))!.Current();
        var at = text.IndexOf("비전", StringComparison.Ordinal);
        var passage = new SelectionAt(version, at, at + 2, "비전");
        Assert.True((await _workflow.RequestChangesAsync(viceChair, _sectionId, "비전 문구를 계획 제목과 맞추세요.", passage)).Succeeded);
        var sentBack = await SectionAsync();
        Assert.Equal((SectionStatus.ChangesRequested, "비전 문구를 계획 제목과 맞추세요."), (sentBack.Status, sentBack.ReviewNote));
        await using (var db = _server.App.Database.CreateContext())
        {
            var thread = await db.CommentThreads.Include(t => t.Comments).SingleAsync(t => t.SectionId == _sectionId);
            Assert.Equal(("비전", viceChair.PersonId), (thread.Quote, thread.StarterId));
        }
        Assert.Contains(await _workflow.UnreadAsync(chair), n => n.Notification.Kind == SectionEventKind.ChangesRequested);

        // The chair edits and resubmits; the vice-chair approves the version it reviewed, the latest.
        var before = editor.Version;
        editor.Edit((_, length) => ChangeSet.Of(length, length, length, "\n보완한 문단."));
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        await editor.PushAsync(cts.Token);
        // The push is acknowledged on commit; the editor's own version moves when the broadcast arrives.
        await editor.WaitForVersionAsync(before + 1, LiveServer.Timeout);
        Assert.True((await _workflow.SubmitAsync(chair, _sectionId)).Succeeded);
        Assert.True((await _workflow.ApproveAsync(viceChair, _sectionId, editor.Version)).Succeeded);
        var approved = await SectionAsync();
        Assert.Equal(SectionStatus.Approved, approved.Status);
        Assert.Equal(editor.Version, approved.ApprovedVersion);

        // An edit after approval returns it to drafting and tells the vice-chair.
        await _workflow.MarkReadAsync(viceChair);
        editor.Edit((_, length) => ChangeSet.Of(length, 0, 0, "수정: "));
        await editor.PushAsync(cts.Token);
        Assert.Equal(SectionStatus.Drafting, (await SectionAsync()).Status);
        Assert.Single(await _workflow.UnreadAsync(viceChair), n => n.Notification.Kind == SectionEventKind.Reopened);
        Assert.Equal(approved.ApprovedVersion, (await SectionAsync()).ApprovedVersion); // kept for "changes since approval"

        var steps = (await _workflow.RecentAsync(viceChair)).Select(e => e.Kind).Reverse().ToList();
        Assert.Equal([SectionEventKind.Submitted, SectionEventKind.ChangesRequested, SectionEventKind.Submitted, SectionEventKind.Approved, SectionEventKind.Reopened], steps);
        await editor.DisposeAsync();
    }

    /// <summary>On a SQLite file.</summary>
    public sealed class OnSqlite() : WorkflowTests(DatabaseProvider.Sqlite);

    /// <summary>On a database of the run's PostgreSQL server.</summary>
    public sealed class OnPostgres() : WorkflowTests(DatabaseProvider.Postgres);
}
