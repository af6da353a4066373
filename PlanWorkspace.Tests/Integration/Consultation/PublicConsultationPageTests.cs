using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

public sealed class PublicConsultationPageTests : IClassFixture<PlanAppFactory>
{
    private const string Path = "/consult/" + ConsultationClient.Slug;
    private readonly PlanAppFactory _app;

    public PublicConsultationPageTests(PlanAppFactory app)
    {
        _app = app;
        _ = app.Services; // starts the app: migrated, seeded, the consultation open
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task TheSeededConsultationIsReadWithoutAnAccountAsPlainHtmlWithLandmarksAndParagraphAnchors()
    {
        var client = ConsultationClient.Create(_app);
        var response = await client.GetAsync(Path, Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Timeout);
        Assert.Contains("<html lang=\"ko\"", html);
        Assert.Contains("<main id=\"main\"", html);
        Assert.Contains("<nav class=\"consult-toc\" aria-labelledby=\"toc-title\">", html);
        Assert.Contains("<a href=\"#s1\">가. ", html);
        Assert.Contains("id=\"s1-p1\"", html);
        Assert.Contains("id=\"s9-p1\"", html); // every body's section, the security TF's last
        Assert.Contains("의견 수렴 기간", html);
        Assert.Contains("1. 기술혁신·인프라 분과", html);
        Assert.Contains("class=\"plan-card", html); // the shortcode cards of the plan
        // Static server rendering: no Blazor script, so no circuit and no SignalR connection.
        Assert.DoesNotContain("blazor.web.js", html);
        Assert.DoesNotContain("_blazor", html);
    }

    [Fact]
    public async Task TheEnglishToggleServesTheEnglishPage()
    {
        var html = await ConsultationClient.Create(_app).GetStringAsync(Path + "?culture=en-US", Timeout);
        Assert.Contains("<html lang=\"en\"", html);
        Assert.Contains("Consultation period", html);
        Assert.Contains("1. Technology Innovation", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("hreflang=\"ko\"", html);
    }

    [Fact]
    public async Task ARepeatedRequestWithTheETagIsAnsweredNotModified()
    {
        var client = ConsultationClient.Create(_app);
        var first = await client.GetAsync(Path, Timeout);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.IfNoneMatch.Add(etag!);
        var second = await client.SendAsync(request, Timeout);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Get, Path);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale, Timeout)).StatusCode);
    }

    [Fact]
    public async Task ThePageIsServedFromTheOutputCacheUntilTheConsultationChangesState()
    {
        var client = ConsultationClient.Create(_app);
        await client.GetStringAsync(Path, Timeout);
        await using (var db = _app.Database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE Consultations SET Title = 'changed behind the cache'", Timeout);
        }
        Assert.DoesNotContain("changed behind the cache", await client.GetStringAsync(Path, Timeout));

        // Closing goes through the service, which evicts the page: the new state (and title) shows at once.
        await using var scope = _app.Services.CreateAsyncScope();
        var viceChair = await ViceChairAsync(scope);
        var closed = await scope.ServiceProvider.GetRequiredService<ConsultationService>().CloseAsync(viceChair, ConsultationClient.Slug, Timeout);
        Assert.True(closed.Succeeded, closed.Refusal?.Code);
        var html = await client.GetStringAsync(Path, Timeout);
        Assert.Contains("changed behind the cache", html);
        Assert.Contains("접수 마감", html);
    }

    [Fact]
    public async Task TheFrozenTextDoesNotChangeWhenDraftingGoesOn()
    {
        var client = ConsultationClient.Create(_app);
        var before = await client.GetStringAsync(Path, Timeout);
        await using (var db = _app.Database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE Sections SET Markdown = '# 새로 쓴 내용 ZQXJ', TextVersion = TextVersion", Timeout);
        }
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>()
            .EvictByTagAsync(ConsultationService.CacheTag(ConsultationClient.Slug), Timeout);
        var after = await client.GetStringAsync(Path, Timeout);
        Assert.DoesNotContain("ZQXJ", after);
        Assert.Contains("id=\"s1-p1\"", after);
        Assert.Equal(Count(before, "id=\"s"), Count(after, "id=\"s"));
    }

    [Theory]
    [InlineData("/consult/no-such-consultation")]
    [InlineData("/consult/Bad%20Slug")]
    public async Task AnUnknownConsultationIsNotFound(string path)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await ConsultationClient.Create(_app).GetAsync(path, Timeout)).StatusCode);
    }

    [Fact]
    public async Task ADraftConsultationIsNotPublic()
    {
        await using (var db = _app.Database.CreateContext())
        {
            var version = await db.Set<PlanWorkspace.Domain.History.PlanVersion>().FirstAsync(Timeout);
            var person = await db.People.FirstAsync(Timeout);
            db.Add(new PublicConsultation("draft-only", "초안", version.Id, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(3), "a@b.kr", null, person.Id, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(Timeout);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await ConsultationClient.Create(_app).GetAsync("/consult/draft-only", Timeout)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ConsultationClient.Create(_app).GetAsync("/consult/draft-only/opinion", Timeout)).StatusCode);
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;

    internal static async Task<Actor> ViceChairAsync(AsyncServiceScope scope)
    {
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlanDbContext>>().CreateDbContextAsync();
        var person = await db.People.FirstAsync(p => p.Memberships.Any(m => m.Role == Role.ViceChair));
        return Actor.From(person);
    }
}
