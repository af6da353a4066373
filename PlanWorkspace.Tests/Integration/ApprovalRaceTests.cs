using PlanWorkspace.Domain.Outcomes;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Workflow;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// An approval and an edit committed at the same moment, each in its own transaction and connection
/// (as on two instances): whatever order the database lets them land in, a section that ends
/// approved was approved at its latest version. On PostgreSQL's READ COMMITTED this needs both to
/// take the section's row lock (ADR-012, amended by ADR-019); SQLite's write lock serialises them anyway.
/// </summary>
[Trait("Category", "Integration")]
public abstract class ApprovalRaceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Rounds = 60;
    private LiveServer _server = default!;
    private int _sectionId;

    public Task InitializeAsync()
    {
        _server = LiveServer.Start(provider: provider);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AnApprovalRacingAnEditNeverLeavesNewerTextApproved()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var sectionId = _sectionId = await _server.SectionIdAsync("industry-ax");
        var workflow = _server.Service<SectionWorkflow>();
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var viceChair = await _server.ActorAsync("vicechair@plan.local");
        var session = (await _server.Service<DocumentSessionRegistry>().GetAsync(sectionId))!;
        var clientId = DraftingService.ClientIdPrefix(chair.PersonId) + "race";
        var random = new Random(14);
        var (approved, refused, reopened) = (0, 0, 0);
        var wrong = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            if ((await SectionAsync()).Status is var status && status != SectionStatus.Submitted)
            {
                var submitted = await workflow.SubmitAsync(chair, sectionId);
                Assert.True(submitted.Succeeded, $"round {round}, {status}: {submitted.Refusal?.Code}");
            }
            var (version, text) = session.Current();
            Assert.Equal(version, await LatestVersionAsync());
            // Both start together, one a little later at random: the edit lands before, during or after the approval.
            var approveDelay = random.Next(0, 8);
            var editDelay = random.Next(0, 8);
            var approving = Task.Run(async () =>
            {
                await Task.Delay(approveDelay, cts.Token);
                return await workflow.ApproveAsync(viceChair, sectionId, version);
            }, cts.Token);
            var editing = Task.Run(async () =>
            {
                await Task.Delay(editDelay, cts.Token);
                return await session.PushAsync(version, [new ClientUpdate(ChangeSet.Of(text.Length, 0, 0, "경"), clientId)], chair.PersonId);
            }, cts.Token);
            var (approval, edit) = (await approving.WaitAsync(cts.Token), await editing.WaitAsync(cts.Token));
            Assert.Single(edit.Accepted);

            var section = await SectionAsync();
            var latest = await LatestVersionAsync();
            Assert.Equal(version + 1, latest);
            if (approval.Succeeded)
            {
                approved++;
                reopened += section.Status == SectionStatus.Approved ? 0 : 1;
            }
            else
            {
                Assert.Equal(Refusals.Workflow.ChangedSinceReview.Code, approval.Refusal?.Code);
                refused++;
            }
            if (section.Status == SectionStatus.Approved && section.ApprovedVersion != latest)
            {
                wrong.Add(string.Create(CultureInfo.InvariantCulture, $"round {round}: approved at {section.ApprovedVersion}, latest {latest}"));
                break; // An approved section cannot be submitted for the next round.
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Rounds} rounds left newer text approved: {string.Join("; ", wrong.Take(5))}");
        // The race was run, not avoided: approvals landed both before the edit and after it.
        Assert.True(approved > 0 && refused > 0, $"approved {approved} (reopened by the edit {reopened}), refused {refused}");
    }

    private async Task<Section> SectionAsync()
    {
        await using var db = _server.App.Database.CreateContext();
        return await db.Sections.AsNoTracking().SingleAsync(s => s.Id == _sectionId);
    }

    private async Task<int> LatestVersionAsync()
    {
        await using var db = _server.App.Database.CreateContext();
        return await SectionLog.LatestAsync(db, _sectionId, default);
    }

    /// <summary>On a SQLite file.</summary>
    public sealed class OnSqlite() : ApprovalRaceTests(DatabaseProvider.Sqlite);

    /// <summary>On a database of the run's PostgreSQL server.</summary>
    public sealed class OnPostgres() : ApprovalRaceTests(DatabaseProvider.Postgres);
}
