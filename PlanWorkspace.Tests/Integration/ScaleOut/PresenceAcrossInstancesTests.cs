using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.ScaleOut;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.ScaleOut;

/// <summary>
/// ADR-019 end to end: a chair's presence panel in Chromium on one instance (in-process, on Kestrel)
/// shows an advisor whose editor is connected to another instance (a real App process, so it can be
/// killed with SIGKILL), both on one PostgreSQL and one Redis; the advisor goes when they leave, and
/// when their instance dies, within the documented bound.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class PresenceAcrossInstancesTests : IAsyncLifetime
{
    private const string Chair = "chair.industry-ax@plan.local";
    private const string Advisor = "advisor1@plan.local";
    private readonly TempDatabase _database = new(DatabaseProvider.Postgres);
    private readonly string _prefix = "presence-" + Guid.NewGuid().ToString("N");
    private RedisServer _redis = default!;
    private PlanAppFactory _first = default!;
    private AppProcess? _second;
    private IPlaywright? _playwright;
    private IBrowser? _chromium;

    public Task InitializeAsync()
    {
        _redis = RedisServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
        if (_first is not null)
        {
            await _first.DisposeAsync();
        }
        _redis.Dispose();
        _database.Dispose();
    }

    [EndToEndFact]
    public async Task AChairOnOneInstanceSeesAnAdvisorOnTheOtherUntilTheyLeaveOrTheirInstanceIsKilled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        // The in-process instance first: it migrates and seeds the database.
        _first = new PlanAppFactory
        {
            SharedDatabase = _database,
            Settings = new Dictionary<string, string?> { [ScaleOutExtensions.RedisKey] = _redis.Configuration, ["Redis:ChannelPrefix"] = _prefix },
        };
        var firstAddress = _first.StartKestrel();
        var dll = AppProcess.LocateAppDll(RepositoryPaths.Root,
            AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug");
        Assert.True(File.Exists(dll), $"the App is built at {dll}");
        _second = await AppProcess.StartAsync(dll, "unused", TimeSpan.FromMinutes(3), new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Plan"] = _database.ConnectionString,
            ["Redis__Configuration"] = _redis.Configuration,
            ["Redis__ChannelPrefix"] = _prefix,
        });
        var (sectionId, advisorName, chairName) = await SeedAsync();

        (_playwright, _chromium) = await Browser.LaunchAsync();
        var chair = await BrowserTest.SignInAsync(_chromium, firstAddress, Chair);
        await BrowserTest.OpenAsync(chair, $"/sections/{sectionId}");
        await BrowserTest.WaitForEditorAsync(chair);
        var panel = chair.GetByTestId("presence-panel");
        await Assertions.Expect(panel).ToContainTextAsync(chairName);
        await Assertions.Expect(panel).Not.ToContainTextAsync(advisorName);

        // The advisor's editor joins on the other instance: the chair's panel shows them...
        var advisor = await ConnectAdvisorAsync(cts.Token);
        await Assertions.Expect(panel).ToContainTextAsync(advisorName, new() { Timeout = 10_000 });
        // ...and keeps showing them past an announcement's lifetime: the beats renew it.
        await Task.Delay(RedisPresence.Lifetime + TimeSpan.FromSeconds(2), cts.Token);
        await Assertions.Expect(panel).ToContainTextAsync(advisorName, new() { Timeout = 1_000 });

        // Leaving is announced at once.
        await advisor.DisposeAsync();
        await Assertions.Expect(panel).Not.ToContainTextAsync(advisorName, new() { Timeout = 5_000 });
        await Assertions.Expect(panel).ToContainTextAsync(chairName);

        // Back on the other instance, which is then killed: no goodbye, the announcement expires.
        advisor = await ConnectAdvisorAsync(cts.Token);
        await Assertions.Expect(panel).ToContainTextAsync(advisorName, new() { Timeout = 10_000 });
        var sinceKill = Stopwatch.StartNew();
        _second.Kill();
        // The bound (ADR-019): the lifetime after the last beat, plus a tick to sweep; 3 s for a loaded machine.
        var bound = RedisPresence.Lifetime + RedisPresence.Tick;
        await Assertions.Expect(panel).Not.ToContainTextAsync(advisorName, new() { Timeout = (float)(bound + TimeSpan.FromSeconds(3)).TotalMilliseconds });
        Assert.True(sinceKill.Elapsed <= bound + TimeSpan.FromSeconds(3), $"gone after {sinceKill.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        await Assertions.Expect(panel).ToContainTextAsync(chairName);
        await advisor.DisposeAsync();
    }

    private async Task<RemoteEditor> ConnectAdvisorAsync(CancellationToken ct)
    {
        var sectionId = (await SeedAsync()).SectionId;
        var cookies = await SignInForm.SignInAsync(_second!.BaseAddress, Advisor, "Plan!2025", ct);
        return await RemoteEditor.ConnectAsync(_second.BaseAddress, cookies, sectionId, ct);
    }

    private async Task<(int SectionId, string AdvisorName, string ChairName)> SeedAsync()
    {
        await using var db = _database.CreateContext();
        var body = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
        var sectionId = await db.Sections.Where(s => s.BodyId == body.Id).Select(s => s.Id).FirstAsync();
        var advisor = await db.People.Where(p => p.Email == Advisor).Select(p => p.DisplayName).SingleAsync();
        var chair = await db.People.Where(p => p.Email == Chair).Select(p => p.DisplayName).SingleAsync();
        return (sectionId, advisor, chair);
    }
}
