using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

public sealed class HttpTests : IClassFixture<PlanAppFactory>
{
    private readonly PlanAppFactory _app;

    public HttpTests(PlanAppFactory app) => _app = app;

    private HttpClient Client(bool followRedirects = false) =>
        _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, HandleCookies = true });

    [Theory]
    [InlineData("/")]
    [InlineData("/targets")]
    [InlineData("/initiatives")]
    [InlineData("/sections/1")]
    public async Task AnonymousRequestIsRedirectedToSignIn(string path)
    {
        var response = await Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task SignInPageIsServedInKoreanToAnonymousUsers()
    {
        var html = await Client().GetStringAsync("/account/login");
        Assert.Contains("로그인", html);
        Assert.Contains("<html lang=\"ko\"", html);
    }

    [Fact]
    public async Task SignedInChairSeesTheDashboardWithKoreanBodyNames()
    {
        var client = Client();
        var response = await SignIn.PostAsync(client, "chair.industry-ax@plan.local", "Plan!2025");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var html = await client.GetStringAsync("/");
        Assert.Contains("산업AX·생태계 분과", html);
        Assert.Contains("보안 TF", html);
        Assert.Contains("대한민국 인공지능행동계획(안)", html);
    }

    [Fact]
    public async Task WrongPasswordShowsAClearMessageAndSignsNobodyIn()
    {
        var client = Client();
        var response = await SignIn.PostAsync(client, "chair.industry-ax@plan.local", "wrong-password");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("이메일 또는 비밀번호가 올바르지 않습니다.", html);

        var dashboard = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task EnglishChoiceIsKeptInACookie()
    {
        var client = Client();
        await SignIn.PostAsync(client, "vicechair@plan.local", "Plan!2025");
        var set = await client.GetAsync("/culture/set?culture=en-US&redirectUri=%2F");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);

        var html = await client.GetStringAsync("/");
        Assert.Contains("Industrial AX &amp; Ecosystem", html);
        Assert.Contains("<html lang=\"en\"", html);
    }

    [Fact]
    public async Task CultureSwitchRefusesToRedirectOffSite()
    {
        var response = await Client().GetAsync("/culture/set?culture=en-US&redirectUri=%2F%2Fevil.example");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ASecondViceChairIsRefusedAndNothingIsSaved()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<PlanWorkspace.App.Data.AccountSeeder>();

        var errors = await accounts.CreateViceChairAsync("second@plan.local", "둘째 부위원장", "Plan!2025");

        Assert.Contains(errors, e => e.Contains("already exists"));
        await using var db = _app.Database.CreateContext();
        Assert.False(db.People.Any(p => p.Email == "second@plan.local"));
    }

    [Fact]
    public async Task AWeakPasswordIsRefusedWithIdentitysReasonAndNoPersonIsLeftBehind()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<PlanWorkspace.App.Data.AccountSeeder>();

        var errors = await accounts.CreateAsync("weak@plan.local", "약한 비밀번호", "abc", [(PlanWorkspace.Domain.Planning.Role.Advisor, 1)]);

        Assert.NotEmpty(errors);
        await using var db = _app.Database.CreateContext();
        Assert.False(db.People.Any(p => p.Email == "weak@plan.local"));
    }

    [Fact]
    public async Task MarkdownScriptInASectionNeverReachesThePage()
    {
        int sectionId;
        await using (var db = _app.Database.CreateContext())
        {
            var section = db.Sections.First();
            section.Edit("# 제목\n\n<script>alert('xss')</script>\n\n[링크](javascript:alert(1))", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            sectionId = section.Id;
        }
        var client = Client();
        await SignIn.PostAsync(client, "vicechair@plan.local", "Plan!2025");
        var html = await client.GetStringAsync($"/sections/{sectionId}");
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("javascript:alert", html);
        Assert.Contains("&lt;script&gt;", html);
    }
}
