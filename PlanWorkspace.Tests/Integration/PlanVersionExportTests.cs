using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.History;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>A named plan version exports the texts it pinned, not the live ones.</summary>
[Trait("Category", "Integration")]
public sealed class PlanVersionExportTests : IAsyncLifetime
{
    private LiveServer _server = default!;

    public async Task InitializeAsync() => _server = LiveServer.Start();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ANamedPlanVersionExportsItsPinnedTexts()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var sectionId = await _server.SectionIdAsync("industry-ax");
        var editor = await _server.ConnectAsync("chair.industry-ax@plan.local", sectionId);
        editor.Edit((_, length) => ChangeSet.Of(length, length, length, "\n자문단 공유본 문장."));
        await editor.PushAsync(cts.Token);

        int planVersionId;
        using (var scope = _server.App.Services.CreateScope())
        {
            var named = await scope.ServiceProvider.GetRequiredService<HistoryService>().NamePlanVersionAsync(await _server.ActorAsync("vicechair@plan.local"), "자문단 공유본");
            Assert.True(named.Succeeded, named.Refusal?.Code);
            planVersionId = named.Value!.Id;
        }
        editor.Edit((_, length) => ChangeSet.Of(length, length, length, "\n공유 이후 추가한 문장."));
        await editor.PushAsync(cts.Token);

        using var client = new HttpClient(new HttpClientHandler { CookieContainer = await _server.SignInAsync("vicechair@plan.local") }) { BaseAddress = _server.BaseAddress };
        var pinned = await client.GetStringAsync($"plan/export/md?planVersion={planVersionId}");
        var live = await client.GetStringAsync("plan/export/md");

        Assert.Contains("자문단 공유본 문장.", pinned, StringComparison.Ordinal);
        Assert.DoesNotContain("공유 이후 추가한 문장.", pinned, StringComparison.Ordinal);
        Assert.Contains("자문단 공유본", pinned[..200], StringComparison.Ordinal); // the version's name is on the title
        Assert.Contains("공유 이후 추가한 문장.", live, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("plan/export/md?planVersion=9999")).StatusCode);
        await editor.DisposeAsync();
    }
}
