using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.History;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.PlanData;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// The edit path's shape (issue 12): permissions read fresh on every call, refusals as codes the
/// editor shows in the user's language, one compaction-aware log reader, one live feed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EditPathTests : IAsyncLifetime
{
    private const string Chair = "chair.industry-ax@plan.local";
    private const string Secretariat = "secretariat@plan.local";
    private const string Advisor = "advisor1@plan.local";
    private LiveServer _server = default!;
    private int _sectionId;

    public async Task InitializeAsync()
    {
        // Small history blocks so a few dozen edits are enough to pack the oldest ops away.
        _server = LiveServer.Start(new Dictionary<string, string?>
        {
            ["History:BlockSize"] = "16",
            ["Collaboration:RetainedVersions"] = "8",
        });
        _sectionId = await _server.SectionIdAsync("industry-ax");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static ChangeSet Append(string text, int length, string insert) => ChangeSet.Of(length, length, length, insert);

    private static async Task TypeAsync(RemoteEditor editor, string text, CancellationToken ct)
    {
        foreach (var c in text)
        {
            editor.Edit((current, length) => Append(current, length, c.ToString()));
            await editor.PushAsync(ct);
        }
    }

    [Fact]
    public async Task ARemovedChairsNextPushIsRefusedWithoutAReload()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        await using var chair = await _server.ConnectAsync(Chair, _sectionId);
        await TypeAsync(chair, "가", cts.Token);
        var before = chair.Version;

        // The membership goes through the app's own context (as an admin page would): effective at once.
        var factory = _server.Service<IDbContextFactory<PlanDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(cts.Token))
        {
            var person = await db.People.SingleAsync(p => p.Email == Chair, cts.Token);
            var body = await db.Bodies.SingleAsync(b => b.Code == "industry-ax", cts.Token);
            person.Leave(Role.Chair, body.Id);
            await db.SaveChangesAsync(cts.Token);
        }

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            chair.PushRawAsync(before, [new { clientId = chair.ClientId, changes = Append("", chair.Text.Length, "나").ToJson() }], cts.Token));
        Assert.StartsWith("forbidden-", Code(refused), StringComparison.Ordinal);
        Assert.Equal(before, (await _server.ReplayOpLogAsync(_sectionId)).Version);
    }

    [Fact]
    public async Task AMembershipRemovedBehindTheAppsBackIsRefusedWithinTheStampsMaximumAge()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        await using var secretariat = await _server.ConnectAsync(Secretariat, _sectionId);
        await TypeAsync(secretariat, "가", cts.Token);

        // Straight SQL, as another instance or an operator would: no interceptor sees it.
        await using (var db = _server.App.Database.CreateContext())
        {
            var personId = await db.People.Where(p => p.Email == Secretariat).Select(p => p.Id).SingleAsync(cts.Token);
            Assert.True(await db.Database.ExecuteSqlAsync($"DELETE FROM Membership WHERE PersonId = {personId}", cts.Token) > 0);
        }
        await Task.Delay(CurrentActors.MaxAge + TimeSpan.FromMilliseconds(200), cts.Token);

        var before = secretariat.Version;
        var refused = await Assert.ThrowsAsync<HubException>(() =>
            secretariat.PushRawAsync(before, [new { clientId = secretariat.ClientId, changes = Append("", secretariat.Text.Length, "나").ToJson() }], cts.Token));
        Assert.StartsWith("forbidden-", Code(refused), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ko-KR")]
    [InlineData("en-US")]
    public async Task RefusalsCarryACodeThatTheEditorShowsInTheUsersLanguage(string culture)
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        await using var advisor = await _server.ConnectAsync(Advisor, _sectionId);
        await using var chair = await _server.ConnectAsync(Chair, _sectionId);
        var refusals = new List<HubException>
        {
            // An advisor's push.
            await Assert.ThrowsAsync<HubException>(() =>
                advisor.PushRawAsync(advisor.Version, [new { clientId = advisor.ClientId, changes = Append("", advisor.Text.Length, "가").ToJson() }], cts.Token)),
            // An over-long push.
            await Assert.ThrowsAsync<HubException>(() =>
                chair.PushRawAsync(chair.Version, [new { clientId = chair.ClientId, changes = Append("", chair.Text.Length, new string('가', 300_000)).ToJson() }], cts.Token)),
            // A stale version (in the future: the section never held it).
            await Assert.ThrowsAsync<HubException>(() =>
                chair.PushRawAsync(chair.Version + 1000, [new { clientId = chair.ClientId, changes = Append("", chair.Text.Length, "가").ToJson() }], cts.Token)),
        };

        var resources = new ResourceManager("PlanWorkspace.App.Resources.SharedResource", typeof(SharedResource).Assembly);
        var ui = CultureInfo.GetCultureInfo(culture);
        foreach (var refusal in refusals)
        {
            var code = Code(refusal);
            Assert.True(CollaborationException.ResourceKeys.TryGetValue(code, out var key), $"the editor has no message for \"{code}\"");
            var shown = resources.GetString(key, ui);
            Assert.False(string.IsNullOrWhiteSpace(shown), $"{key} is missing in {culture}");
            Assert.Equal(culture == "ko-KR", shown!.Any(c => c is >= '가' and <= '힣'));
        }
        Assert.Equal(3, refusals.Select(Code).Distinct().Count());
    }

    [Fact]
    public async Task AfterCompactionPacksTheEarlyOpsEveryAuthorStillAppearsOnThePlanAndInTheExports()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout * 2);
        await using (var secretariat = await _server.ConnectAsync(Secretariat, _sectionId))
        {
            await TypeAsync(secretariat, " 사무국이 먼저 쓴 문장입니다.", cts.Token);
        }
        await using (var chair = await _server.ConnectAsync(Chair, _sectionId))
        {
            await TypeAsync(chair, " 의장이 이어서 쓴 긴 문장이 여기에 있습니다. 이어서 더 씁니다.", cts.Token);
        }
        var history = _server.Service<HistoryStore>();
        while (await history.CompactAsync(_sectionId, cts.Token))
        {
        }

        await using var db = _server.App.Database.CreateContext();
        var secretariatPerson = await db.People.SingleAsync(p => p.Email == Secretariat, cts.Token);
        var chairPerson = await db.People.SingleAsync(p => p.Email == Chair, cts.Token);
        // The point of the test: none of the secretariat's rows is left in the op log.
        Assert.False(await db.SectionOps.AnyAsync(o => o.SectionId == _sectionId && o.AuthorId == secretariatPerson.Id, cts.Token));
        Assert.True(await db.Set<SectionHistoryBlock>().AnyAsync(b => b.SectionId == _sectionId, cts.Token));

        var viceChair = await _server.ActorAsync("vicechair@plan.local");
        await using var scope = _server.App.Services.CreateAsyncScope();
        var plan = await scope.ServiceProvider.GetRequiredService<AssembledPlanService>().AssembleAsync(viceChair, cts.Token);
        var section = plan.Sections.Single(s => s.Id == _sectionId);
        Assert.Equal([secretariatPerson.DisplayName, chairPerson.DisplayName], section.Authors);

        var exports = scope.ServiceProvider.GetRequiredService<PlanExportService>();
        foreach (var format in new[] { ExportFormat.Html, ExportFormat.Markdown })
        {
            var file = await exports.ExportAsync(viceChair, format, ct: cts.Token);
            var text = System.Text.Encoding.UTF8.GetString(file.Content);
            Assert.Contains(secretariatPerson.DisplayName, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheFeedTellsEveryCommitOnceAndInOrderAndAPlanDataChange()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var heard = new List<SectionFeedEvent>();
        var feed = _server.Service<SectionFeed>();
        using (feed.Subscribe(_sectionId, e => { lock (heard) { heard.Add(e); } }))
        using (feed.SubscribeAll(e => { if (e is PlanDataChanged) { lock (heard) { heard.Add(e); } } }))
        {
            await using var chair = await _server.ConnectAsync(Chair, _sectionId);
            var start = chair.Version;
            await TypeAsync(chair, "가나다라마", cts.Token);
            var end = chair.Version;

            await using var scope = _server.App.Services.CreateAsyncScope();
            var data = scope.ServiceProvider.GetRequiredService<PlanDataService>();
            var viceChair = await _server.ActorAsync("vicechair@plan.local");
            var target = (await data.TargetsAsync(viceChair, cts.Token)).First();
            var saved = await data.SaveTargetAsync(viceChair, TargetInput.From(target), cts.Token);
            Assert.True(saved.Succeeded, saved.Refusal?.Code);

            lock (heard)
            {
                var versions = heard.OfType<SectionCommitted>().Where(c => c.Updates.Count > 0).SelectMany(c => c.Updates).Select(u => u.Version).ToList();
                Assert.Equal(Enumerable.Range(start + 1, end - start), versions);
                Assert.Single(heard.OfType<PlanDataChanged>());
            }
        }
    }

    // SignalR prefixes "An unexpected error occurred invoking 'Push' on the server. HubException: ".
    private static string Code(HubException e) =>
        System.Text.RegularExpressions.Regex.Match(e.Message, "(?:^|HubException: )([a-z-]+): ") is { Success: true } m ? m.Groups[1].Value : e.Message;
}
