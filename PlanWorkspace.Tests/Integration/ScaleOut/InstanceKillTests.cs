using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.Review;
using PlanWorkspace.App.ScaleOut;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.ScaleOut;

/// <summary>
/// Issue 14's kill test: two App processes on one PostgreSQL and one Redis, twenty editors split
/// across them typing into one section while suggestions are accepted (through a third, in-process
/// instance, as a reviewer's Blazor page would); one process is killed with SIGKILL mid-storm, its
/// editors reconnect to the other and send again. Afterwards every replica, both processes' op-log
/// readers and a fresh replay agree; every acknowledged edit is stored exactly once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InstanceKillTests : IAsyncLifetime
{
    private const int Editors = 20;
    private const int EditsEach = 30;
    private const string Advisor = "advisor1@plan.local";
    private const string Chair = "chair.industry-ax@plan.local";
    private readonly TempDatabase _database = new(DatabaseProvider.Postgres);
    private readonly string _prefix = "kill-" + Guid.NewGuid().ToString("N");
    private RedisServer _redis = default!;
    private readonly List<AppProcess> _processes = [];
    private PlanAppFactory? _reviewer;

    public Task InitializeAsync()
    {
        _redis = RedisServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        if (_reviewer is not null)
        {
            await _reviewer.DisposeAsync();
        }
        _redis.Dispose();
        _database.Dispose();
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Plan"] = _database.ConnectionString,
        ["Redis__Configuration"] = _redis.Configuration,
        ["Redis__ChannelPrefix"] = _prefix,
        ["LoadTest__Users"] = Editors.ToString(CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task KillingOneOfTwoInstancesMidStormLosesNoAcknowledgedEditAndAppliesNoneTwice()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var dll = AppProcess.LocateAppDll(RepositoryPaths.Root,
            AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug");
        Assert.True(File.Exists(dll), $"the App is built at {dll}");
        // One after the other: the first migrates and seeds the database.
        _processes.Add(await AppProcess.StartAsync(dll, "unused", TimeSpan.FromMinutes(3), Settings()));
        _processes.Add(await AppProcess.StartAsync(dll, "unused", TimeSpan.FromMinutes(3), Settings()));
        var (survivor, victim) = (_processes[0], _processes[1]);
        _reviewer = new PlanAppFactory
        {
            SharedDatabase = _database,
            Settings = new Dictionary<string, string?> { [ScaleOutExtensions.RedisKey] = _redis.Configuration, ["Redis:ChannelPrefix"] = _prefix },
        };
        var reviewerAddress = _reviewer.StartKestrel();
        var sectionId = await SectionIdAsync();

        var editors = new RemoteEditor[Editors];
        for (var i = 0; i < Editors; i++)
        {
            var at = i % 2 == 0 ? survivor : victim;
            var cookies = await SignInForm.SignInAsync(at.BaseAddress, $"load{i + 1}@plan.local", "Plan!2025", cts.Token);
            editors[i] = await RemoteEditor.ConnectAsync(at.BaseAddress, cookies, sectionId, cts.Token);
            Assert.True(editors[i].CanEdit);
            if (at == victim)
            {
                editors[i].Fallback = survivor.BaseAddress;
            }
        }
        await using var advisor = await RemoteEditor.ConnectAsync(reviewerAddress, await SignInForm.SignInAsync(reviewerAddress, Advisor, "Plan!2025", cts.Token), sectionId, cts.Token);
        var review = _reviewer.Services.GetRequiredService<ReviewService>();
        var actors = _reviewer.Services.GetRequiredService<CurrentActors>();
        var advisorActor = (await ActorAsync(Advisor))!;
        var chairActor = (await ActorAsync(Chair))!;

        // Suggestions on passages of the seeded text, made before the storm and accepted during it.
        var passages = UniquePassages(advisor.Text);
        var suggestions = new List<int>();
        foreach (var passage in passages.Take(3))
        {
            var from = advisor.Text.IndexOf(passage, StringComparison.Ordinal);
            var made = await review.SuggestAsync(advisorActor, sectionId, new SelectionAt(advisor.Version, from, from + passage.Length, passage), "수락된 제안 " + suggestions.Count, null);
            Assert.True(made.Succeeded, made.Refusal?.Code);
            suggestions.Add(made.Value);
        }

        // The storm: everyone types at the start of the section (away from the suggested passages).
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var storm = Task.WhenAll(editors.Select((editor, i) => Task.Run(async () =>
        {
            var random = new Random(i);
            for (var n = 0; n < EditsEach; n++)
            {
                editor.Edit((_, length) =>
                {
                    var at = random.Next(Math.Min(length, 20) + 1);
                    return ChangeSet.Of(length, at, at, "가나다xyz"[random.Next(6)].ToString());
                });
                await editor.PushAsync(cts.Token);
                await Task.Delay(random.Next(20, 80), cts.Token);
            }
        }, cts.Token)));
        var accepting = Task.Run(async () =>
        {
            foreach (var id in suggestions)
            {
                await Task.Delay(300, cts.Token);
                // A commit that lost the race answers "stale"; the reviewer tries again, as a person would.
                var accepted = await review.AcceptAsync(chairActor, id);
                for (var attempt = 0; !accepted.Succeeded && accepted.Refusal?.Code == "Review.Error.Stale" && attempt < 20; attempt++)
                {
                    await Task.Delay(100, cts.Token);
                    accepted = await review.AcceptAsync(chairActor, id);
                }
                Assert.True(accepted.Succeeded, accepted.Refusal?.Code);
            }
        }, cts.Token);
        var killer = Task.Run(async () =>
        {
            // Mid-storm: once a third of the edits is acknowledged.
            while (editors.Sum(e => e.Acked) < Editors * EditsEach / 3)
            {
                await Task.Delay(50, cts.Token);
            }
            victim.Kill();
            killed.SetResult();
        }, cts.Token);
        await Task.WhenAll(storm, accepting, killer).WaitAsync(cts.Token);
        Assert.True(killed.Task.IsCompleted);
        foreach (var editor in editors)
        {
            await editor.PushAsync(cts.Token);
        }

        // The op log, replayed afresh, and both live readers (the survivor through a new editor).
        var log = _reviewer.Services.GetRequiredService<SectionLog>();
        var latest = await log.LatestVersionAsync(sectionId, cts.Token);
        var replayed = (await log.TextAtAsync(sectionId, latest, false, cts.Token))!.Text;
        await using var reader = await RemoteEditor.ConnectAsync(survivor.BaseAddress, await SignInForm.SignInAsync(survivor.BaseAddress, Chair, "Plan!2025", cts.Token), sectionId, cts.Token);
        var reviewerSession = await _reviewer.Services.GetRequiredService<DocumentSessionRegistry>().GetAsync(sectionId);
        await reviewerSession!.EnsureCurrentAsync(null).WaitAsync(cts.Token);
        Assert.Equal((latest, replayed), reviewerSession.Current());
        Assert.Equal((latest, replayed), (reader.Version, reader.Text));
        foreach (var editor in editors.Append(advisor))
        {
            await editor.WaitForVersionAsync(latest, LiveServer.Timeout);
            Assert.Equal(replayed, editor.Text);
            Assert.Equal(0, editor.Unconfirmed);
        }

        // Every edit acknowledged is in the log exactly once; the accepted suggestions too.
        var ops = await log.OpsAsync(sectionId, 0, latest, cts.Token);
        var byClient = ops.GroupBy(o => o.ClientId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var editor in editors)
        {
            Assert.Equal(EditsEach, editor.Edits);
            Assert.Equal(EditsEach, byClient.GetValueOrDefault(editor.ClientId));
        }
        for (var i = 0; i < suggestions.Count; i++)
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(replayed, "수락된 제안 " + i));
        }
        Assert.True(editors.Where((_, i) => i % 2 == 1).Sum(e => e.Reconnects) >= 1, "an editor of the killed instance moved over");

        async Task<PlanWorkspace.Domain.Access.Actor?> ActorAsync(string email)
        {
            await using var db = _database.CreateContext();
            var personId = await db.People.Where(p => p.Email == email).Select(p => p.Id).SingleAsync(cts.Token);
            return await actors.GetAsync(personId);
        }
    }

    // Passages of eight characters that occur once, without line breaks or Markdown, apart from
    // each other and from the start (where the storm types).
    private static List<string> UniquePassages(string text)
    {
        var found = new List<(int At, string Text)>();
        for (var i = 40; i + 8 <= text.Length && found.Count < 3; i += 5)
        {
            var candidate = text.Substring(i, 8);
            if (candidate.IndexOfAny(['\n', '*', '#', '-', '|', '[', ']']) < 0
                && text.IndexOf(candidate, StringComparison.Ordinal) == text.LastIndexOf(candidate, StringComparison.Ordinal)
                && found.All(f => i - f.At > 20))
            {
                found.Add((i, candidate));
            }
        }
        Assert.True(found.Count == 3, $"three distinct passages in a text of {text.Length} characters");
        return found.ConvertAll(f => f.Text);
    }

    private async Task<int> SectionIdAsync()
    {
        await using var db = _database.CreateContext();
        var body = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
        return await db.Sections.Where(s => s.BodyId == body.Id).Select(s => s.Id).FirstAsync();
    }
}
