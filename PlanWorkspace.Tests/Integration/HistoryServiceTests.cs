using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.History;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.App.Data;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>The history service in the real app: permissions, naming, restore through the live session, plan versions.</summary>
[Trait("Category", "Integration")]
public abstract class HistoryServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Chair = "chair.industry-ax@plan.local";
    private LiveServer _server = default!;
    private int _sectionId;

    public async Task InitializeAsync()
    {
        _server = LiveServer.Start(provider: provider);
        _sectionId = await _server.SectionIdAsync("industry-ax");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<Actor> ActorAsync(string email)
    {
        await using var db = _server.App.Database.CreateContext();
        return Actor.From(await db.People.SingleAsync(p => p.Email == email));
    }

    private async Task<T> WithServiceAsync<T>(Func<HistoryService, Task<T>> use)
    {
        await using var scope = _server.App.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<HistoryService>());
    }

    private SectionFeed Feed => _server.App.Services.GetRequiredService<SectionFeed>();

    private async Task<DocumentSession> SessionAsync() =>
        (await _server.App.Services.GetRequiredService<DocumentSessionRegistry>().GetAsync(_sectionId))!;

    private static async Task TypeAsync(DocumentSession session, int personId, string text)
    {
        foreach (var c in text)
        {
            var (version, current) = session.Current();
            await session.PushAsync(version, [new ClientUpdate(ChangeSet.Of(current.Length, current.Length, current.Length, c.ToString()), $"test-{personId}")], personId);
        }
    }

    [Fact]
    public async Task AChairRestoresAnEarlierVersionAsANewEditThatEveryoneSees()
    {
        var chair = await ActorAsync(Chair);
        var session = await SessionAsync();
        await TypeAsync(session, chair.PersonId, " 첫 문장.");
        var (named, original) = session.Current();
        var name = await WithServiceAsync(h => h.NameVersionAsync(chair, _sectionId, named, "분과 초안 제출"));
        Assert.True(name.Succeeded, name.Refusal?.Code);
        await TypeAsync(session, chair.PersonId, " 둘째 문장.");
        var changedVersion = session.Current().Version;
        var seen = new TaskCompletionSource<int>();
        using var heard = Feed.Subscribe(_sectionId, e => { if (e is SectionCommitted c) { seen.TrySetResult(c.Version); } });

        var restored = await WithServiceAsync(h => h.RestoreAsync(chair, _sectionId, named));

        Assert.True(restored.Succeeded, restored.Refusal?.Code);
        Assert.Equal(changedVersion + 1, restored.Value);
        Assert.Equal(original, session.Current().Text);
        Assert.Equal(restored.Value, await seen.Task.WaitAsync(LiveServer.Timeout));
        // History is kept: the op log still replays to the restored text, one version later.
        var (logText, logVersion) = await _server.ReplayOpLogAsync(_sectionId);
        Assert.Equal((original, restored.Value), (logText, logVersion));
        var between = await WithServiceAsync(h => h.VersionAsync(chair, _sectionId, changedVersion, false));
        Assert.EndsWith("둘째 문장.", between.Value!.Text);
        // The restore is credited to the chair and the diff shows what it removed.
        var diff = await WithServiceAsync(h => h.DiffAsync(chair, _sectionId, changedVersion, restored.Value));
        Assert.Contains(diff.Value!, s => s.Kind == DiffKind.Deleted && s.Text.Contains("둘째", StringComparison.Ordinal));
        var authorship = await WithServiceAsync(h => h.AuthorshipAsync(chair, _sectionId));
        Assert.Contains(authorship.Value!.Spans, s => s.PersonId == chair.PersonId);
        Assert.Contains(authorship.Value.Legend, p => p.PersonId == chair.PersonId && p.Name == chair.DisplayName);
        Assert.Equal(original.Length, authorship.Value.Spans[^1].To);
    }

    [Fact]
    public async Task AdvisorsReadHistoryButMayNeitherRestoreNorNameAndNothingChanges()
    {
        var chair = await ActorAsync(Chair);
        var advisor = await ActorAsync("advisor1@plan.local");
        var session = await SessionAsync();
        await TypeAsync(session, chair.PersonId, " 가나다");
        var before = session.Current();

        var timeline = await WithServiceAsync(h => h.TimelineAsync(advisor, _sectionId, 0));
        Assert.True(timeline.Succeeded);
        Assert.NotEmpty(timeline.Value!.Entries);
        Assert.Equal(Refusals.History.NotAllowed.Code, (await WithServiceAsync(h => h.RestoreAsync(advisor, _sectionId, 0))).Refusal?.Code);
        Assert.Equal(Refusals.History.NotAllowed.Code, (await WithServiceAsync(h => h.NameVersionAsync(advisor, _sectionId, 1, "자문단 공유본"))).Refusal?.Code);
        Assert.Equal(before, session.Current());

        var outsider = await ActorAsync("advisor2@plan.local");
        Assert.Equal(Refusals.History.NotAllowed.Code, (await WithServiceAsync(h => h.VersionAsync(outsider, _sectionId, 0, false))).Refusal?.Code);
        Assert.Equal(Refusals.History.NotAllowed.Code, (await WithServiceAsync(h => h.AuthorshipAsync(outsider, _sectionId))).Refusal?.Code);
    }

    [Fact]
    public async Task BadInputGetsAClearMessageAndChangesNothing()
    {
        var chair = await ActorAsync(Chair);
        var session = await SessionAsync();
        await TypeAsync(session, chair.PersonId, "x");
        var before = session.Current();
        Assert.Equal(Refusals.History.NoSuchVersion.Code, (await WithServiceAsync(h => h.RestoreAsync(chair, _sectionId, before.Version + 5))).Refusal?.Code);
        Assert.Equal(Refusals.History.NoSuchVersion.Code, (await WithServiceAsync(h => h.VersionAsync(chair, _sectionId, -1, false))).Refusal?.Code);
        Assert.Equal(Refusals.History.NoSuchVersion.Code, (await WithServiceAsync(h => h.DiffAsync(chair, _sectionId, 0, 999))).Refusal?.Code);
        Assert.Equal(Refusals.History.NameInvalid.Code, (await WithServiceAsync(h => h.NameVersionAsync(chair, _sectionId, 0, "   "))).Refusal?.Code);
        Assert.Equal(Refusals.History.AlreadyCurrent.Code, (await WithServiceAsync(h => h.RestoreAsync(chair, _sectionId, before.Version))).Refusal?.Code);
        Assert.Equal(Refusals.History.NotFound.Code, (await WithServiceAsync(h => h.TimelineAsync(chair, 9999, 0))).Refusal?.Code);
        Assert.Equal(before, session.Current());
        await using var db = _server.App.Database.CreateContext();
        Assert.Equal(0, await db.Set<NamedVersion>().CountAsync());
    }

    [Fact]
    public async Task TheViceChairNamesAndComparesPlanVersionsAndOthersMayNot()
    {
        var viceChair = await ActorAsync("vicechair@plan.local");
        var chair = await ActorAsync(Chair);
        // The Development seed names one already (the consultation's frozen version).
        var seeded = (await WithServiceAsync(h => h.PlanVersionsAsync(viceChair))).Count;
        Assert.Equal(Refusals.History.NotAllowed.Code, (await WithServiceAsync(h => h.NamePlanVersionAsync(chair, "초안"))).Refusal?.Code);
        var first = await WithServiceAsync(h => h.NamePlanVersionAsync(viceChair, "내부 검토본"));
        Assert.True(first.Succeeded);
        await TypeAsync(await SessionAsync(), chair.PersonId, " 추가된 과제.");
        var second = await WithServiceAsync(h => h.NamePlanVersionAsync(viceChair, "의견수렴 공개본"));
        Assert.True(second.Succeeded);
        Assert.Equal(Refusals.History.NameInvalid.Code, (await WithServiceAsync(h => h.NamePlanVersionAsync(viceChair, ""))).Refusal?.Code);

        var comparison = await WithServiceAsync(h => h.ComparePlanVersionsAsync(viceChair, first.Value!.Id, second.Value!.Id));
        var changed = Assert.Single(comparison.Value!, c => c.Changed);
        Assert.Equal(_sectionId, changed.SectionId);
        Assert.Contains(changed.Segments, s => s.Kind == DiffKind.Inserted && s.Text.Contains("과제", StringComparison.Ordinal));
        Assert.Equal(seeded + 2, (await WithServiceAsync(h => h.PlanVersionsAsync(viceChair))).Count);
    }

    [Fact]
    public async Task AnAdvisorsPlanVersionsCountOnlyTheSectionsTheyMayRead()
    {
        var viceChair = await ActorAsync("vicechair@plan.local");
        var advisor = await ActorAsync("advisor1@plan.local");
        var named = await WithServiceAsync(h => h.NamePlanVersionAsync(viceChair, "전체 검토본"));
        Assert.True(named.Succeeded);

        var all = (await WithServiceAsync(h => h.PlanVersionsAsync(viceChair))).Single(p => p.Id == named.Value!.Id);
        var theirs = (await WithServiceAsync(h => h.PlanVersionsAsync(advisor))).Single(p => p.Id == named.Value!.Id);

        await using var db = _server.App.Database.CreateContext();
        var readable = (await db.Sections.Select(s => new { s.Id, s.BodyId }).ToListAsync())
            .Where(s => AccessPolicy.CanReadSection(advisor, s.BodyId)).Select(s => s.Id).Order().ToList();
        Assert.True(all.Sections.Count > readable.Count);
        Assert.NotEmpty(readable);
        Assert.Equal(readable, theirs.Sections.Keys.Order().ToList());
    }

    /// <summary>On a SQLite file.</summary>
    public sealed class OnSqlite() : HistoryServiceTests(DatabaseProvider.Sqlite);

    /// <summary>On a database of the run's PostgreSQL server.</summary>
    public sealed class OnPostgres() : HistoryServiceTests(DatabaseProvider.Postgres);
}
