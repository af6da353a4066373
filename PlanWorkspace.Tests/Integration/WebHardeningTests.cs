using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// The web pipeline's defences over HTTP in the real app (ADR-008): headers on every response,
/// antiforgery on every state-changing endpoint, a strict culture switch, sign-in limits.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class WebHardeningTests : IClassFixture<PlanAppFactory>
{
    private readonly PlanAppFactory _app;

    public WebHardeningTests(PlanAppFactory app) => _app = app;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private HttpClient Client(WebApplicationFactory<Program>? app = null) =>
        (app ?? _app).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<HttpClient> SignedInAsync(string email = "vicechair@plan.local")
    {
        var client = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostAsync(client, email, "Plan!2025")).StatusCode);
        return client;
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        foreach (var directive in new[] { "script-src 'self';", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "default-src 'self'" })
        {
            Assert.Contains(directive, csp, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task EveryKindOfResponseCarriesTheSecurityHeaders()
    {
        var client = await SignedInAsync();

        AssertSecurityHeaders(await client.GetAsync("/"));
        AssertSecurityHeaders(await Client().GetAsync("/account/login"));
        AssertSecurityHeaders(await Client().GetAsync("/targets")); // a redirect to sign-in
        AssertSecurityHeaders(await Client().GetAsync("/app.css"));
        var negotiate = await client.PostAsync("/hubs/drafting/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        AssertSecurityHeaders(negotiate);
    }

    [Fact]
    public async Task ThePagesCarryNoInlineScriptForTheCspToBlock()
    {
        var html = await (await SignedInAsync()).GetStringAsync("/");
        foreach (Match script in ScriptTag().Matches(html))
        {
            Assert.Contains(" src=", script.Value, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("importmap", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [Fact]
    public async Task SignOutWithoutAnAntiforgeryTokenIsRefusedAndKeepsTheUserSignedIn()
    {
        var client = await SignedInAsync();

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("보안 토큰", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/account/logout", null)).StatusCode);

        // With the token the page's own sign-out form carries, it signs out.
        var page = await client.GetStringAsync("/");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        Assert.NotEmpty(token);
        var signedOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task EveryStateChangingEndpointRefusesARequestWithoutAToken()
    {
        var client = await SignedInAsync();
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Methods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE"))
            // SignalR's transports authenticate the connection, not a form; Blazor's circuit endpoints likewise.
            .Where(e => e.Endpoint.RoutePattern.RawText is { } raw && !raw.StartsWith("/hubs/", StringComparison.Ordinal) && !raw.StartsWith("/_blazor", StringComparison.Ordinal))
            .ToList();
        // The guard refuses whatever asks for a token and lacks one: Blazor's own circuit endpoints must not ask.
        Assert.DoesNotContain(_app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>(),
            e => e.RoutePattern.RawText?.StartsWith("/_blazor", StringComparison.Ordinal) == true
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.Antiforgery.IAntiforgeryMetadata>() is { RequiresValidation: true });
        Assert.Contains(endpoints, e => e.Endpoint.RoutePattern.RawText == "/account/logout");
        Assert.Contains(endpoints, e => e.Endpoint.RoutePattern.RawText == "/account/login");

        foreach (var (endpoint, methods) in endpoints)
        {
            var path = Regex.Replace(endpoint.RoutePattern.RawText!, "{[^}]+}", "1");
            foreach (var method in methods.Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new FormUrlEncodedContent([]) };
                var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} answered {response.StatusCode} without a token.");
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("/culture/set?culture=en-US&redirectUri=%2F%0D%0ASet-Cookie%3A%20x%3D1", "The language is not offered")]
    [InlineData("/culture/set?culture=en-US&redirectUri=%2F%00", "The language is not offered")]
    [InlineData("/culture/set?culture=ko-KR&redirectUri=%2F%ED%95%9C", "지원하지 않는 언어이거나")]
    [InlineData("/culture/set?culture=xx-YY&redirectUri=%2F", "지원하지 않는 언어이거나")]
    [InlineData("/culture/set?culture=%0A&redirectUri=%2F", "지원하지 않는 언어이거나")]
    [InlineData("/culture/set", "지원하지 않는 언어이거나")]
    public async Task TheCultureSwitchRefusesWhatItCannotCarryWith400AndSetsNothing(string url, string message)
    {
        var response = await Client().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignInFormIsLimitedPerAddressWithALocalisedAnswer()
    {
        await using var limited = _app.WithWebHostBuilder(b => b.UseSetting("Security:SignInPostsPerMinutePerAddress", "3"));
        var client = Client(limited);
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SignIn.PostAsync(client, "advisor1@plan.local", "wrong-password")).StatusCode);
        }

        var refused = await SignIn.PostAsync(client, "vicechair@plan.local", "Plan!2025");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("로그인 시도가 너무 많습니다", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode); // reading the form is not limited
    }

    [Fact]
    public async Task RepeatedFailuresMakeAnAccountWaitInsteadOfLockingItAndOtherAccountsAreUntouched()
    {
        await using var app = _app.WithWebHostBuilder(b => b
            .UseSetting("Security:SignInFailuresBeforeBackoff", "3")
            .UseSetting("Security:SignInFirstBackoff", "00:01:00"));
        var client = Client(app);
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("이메일 또는 비밀번호가 올바르지 않습니다", await (await SignIn.PostAsync(client, "advisor2@plan.local", "wrong")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Even the right password waits now: the answer says for how long, and nothing is locked for good.
        var waiting = await SignIn.PostAsync(client, "advisor2@plan.local", "Plan!2025");
        Assert.Equal(HttpStatusCode.OK, waiting.StatusCode);
        Assert.Matches("로그인에 여러 번 실패했습니다. (59|60)초 뒤에", await waiting.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostAsync(Client(app), "advisor3@plan.local", "Plan!2025")).StatusCode);

        await using var db = _app.Database.CreateContext();
        Assert.Null(db.Users.Single(u => u.Email == "advisor2@plan.local").LockoutEnd);
    }
}
