using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Workflow;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>The workflow's commit participant, on a real SQLite file.</summary>
[Trait("Category", "Integration")]
public sealed class ReopenOnEditTests : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task ItsStatusQueryServesContextsOfDifferentModelsInOneProcess()
    {
        // Two Apps in one process (tests, instances side by side) each build their own model; a
        // compiled query would be refused with any model but the one it was compiled for.
        await using var plain = _database.CreateContext();
        await plain.Database.EnsureCreatedAsync();
        await using var other = new PlanDbContext(new DbContextOptionsBuilder<PlanDbContext>()
            .UseSqlite(_database.ConnectionString).EnableSensitiveDataLogging().Options);
        Assert.NotSame(plain.Model, other.Model);

        var participant = new ReopenOnEdit(new SectionStatusStamp());
        var update = new AcceptedUpdate(1, ChangeSet.Of(0, 0, 0, "가"), "p1-a", "1", DateTimeOffset.UnixEpoch);
        var batch = new CommitBatch(SectionId: 404, Version: 1, [update], [], Touch: false, DateTimeOffset.UnixEpoch);

        Assert.False(await participant.OnCommitAsync(plain, batch, CancellationToken.None));
        Assert.False(await participant.OnCommitAsync(other, batch, CancellationToken.None));
        Assert.False(await participant.OnCommitAsync(plain, batch, CancellationToken.None));
    }

    public void Dispose() => _database.Dispose();
}
