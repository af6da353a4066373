using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Workflow;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// Versions past the diff limits, over HTTP in the real app: the review queue says they are too large
/// to compare here and links both versions as downloads, which only readers of the section get.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DiffLimitHttpTests : IAsyncLifetime
{
    private readonly PlanAppFactory _root = new();
    private WebApplicationFactory<Program> _app = default!;
    private int _sectionId;
    private string _latest = string.Empty;

    public async Task InitializeAsync()
    {
        // A limit well under the seeded section's length, so the real text is "too large".
        _app = _root.WithWebHostBuilder(b => b.UseSetting("History:MaxDiffCharacters", "100"));
        _ = _app.Server;
        await using var db = _root.Database.CreateContext();
        var body = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
        _sectionId = await db.Sections.Where(s => s.BodyId == body.Id).Select(s => s.Id).FirstAsync();
        var chair = await db.People.Include(p => p.Memberships).SingleAsync(p => p.Email == "chair.industry-ax@plan.local");

        var session = (await _app.Services.GetRequiredService<DocumentSessionRegistry>().GetAsync(_sectionId))!;
        var (version, text) = session.Current();
        Assert.True(text.Length > 100);
        await session.PushAsync(version, [new ClientUpdate(ChangeSet.Of(text.Length, text.Length, text.Length, "\n추가한 문단."), "test")], chair.Id);
        _latest = session.Current().Text;
        Assert.True((await _app.Services.GetRequiredService<SectionWorkflow>().SubmitAsync(Actor.From(chair), _sectionId)).Succeeded);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _root.DisposeAsync();
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostAsync(client, email, "Plan!2025")).StatusCode);
        return client;
    }

    [Fact]
    public async Task TheReviewQueueOffersBothVersionsAsDownloadsInsteadOfADiff()
    {
        var client = await SignedInAsync("vicechair@plan.local");

        var html = await client.GetStringAsync("/review-queue");

        Assert.Contains("data-testid=\"diff-too-large\"", html, StringComparison.Ordinal);
        Assert.Contains("두 버전이 너무 커서 여기서 비교할 수 없습니다", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"sections/{_sectionId}/versions/0/download\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"sections/{_sectionId}/versions/1/download\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("diff-ins", html, StringComparison.Ordinal);

        var download = await client.GetAsync($"/sections/{_sectionId}/versions/1/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/markdown", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"section-{_sectionId}-v1.md", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(_latest, await download.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AVersionDownloadIsRefusedToWhoeverMayNotReadTheSectionAndForVersionsThatDoNotExist()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync($"/sections/{_sectionId}/versions/1/download")).StatusCode);
        var chair = await SignedInAsync("chair.industry-ax@plan.local");
        Assert.Equal(HttpStatusCode.NotFound, (await chair.GetAsync($"/sections/{_sectionId}/versions/2/download")).StatusCode);

        await using (var db = _root.Database.CreateContext())
        {
            // An advisor assigned to another body only.
            var other = await db.Bodies.FirstAsync(b => b.Code != "industry-ax");
            await using var scope = _app.Services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<PlanWorkspace.App.Data.AccountSeeder>();
            await accounts.CreateAsync("outsider@plan.local", "외부 자문", "Plan!2025", [(PlanWorkspace.Domain.Planning.Role.Advisor, other.Id)]);
        }
        var outsider = await SignedInAsync("outsider@plan.local");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/sections/{_sectionId}/versions/1/download")).StatusCode);
    }
}
