using System.Net;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.ScaleOut;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.ScaleOut;

/// <summary>
/// Two instances of the App (in-process, each on Kestrel with its own services) on one PostgreSQL
/// database and one Redis, as behind a load balancer: what one issues or broadcasts, the other honours.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScaleOutTests : IAsyncLifetime
{
    private const string Chair = "chair.industry-ax@plan.local";
    private readonly TempDatabase _database = new(DatabaseProvider.Postgres);
    private RedisServer _redis = default!;
    private PlanAppFactory _first = default!;
    private PlanAppFactory _second = default!;
    private Uri _firstAddress = default!;
    private Uri _secondAddress = default!;

    public Task InitializeAsync()
    {
        _redis = RedisServer.Start();
        (_first, _firstAddress) = StartInstance(_redis.Configuration);
        (_second, _secondAddress) = StartInstance(_redis.Configuration);
        return Task.CompletedTask;
    }

    private (PlanAppFactory App, Uri Address) StartInstance(string? redis)
    {
        var app = new PlanAppFactory
        {
            SharedDatabase = _database,
            Settings = new Dictionary<string, string?> { [ScaleOutExtensions.RedisKey] = redis },
        };
        return (app, app.StartKestrel());
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        _redis.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task ACookieIssuedByOneInstanceSignsInOnTheOther()
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var cookies = await SignInForm.SignInAsync(_firstAddress, Chair, "Plan!2025", cts.Token);
        var cookieHeader = cookies.GetCookieHeader(_firstAddress);
        Assert.Contains(".AspNetCore.Identity.Application", cookieHeader, StringComparison.Ordinal);

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = LiveServer.Timeout };
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, new Uri(_secondAddress, "/"));
        signedIn.Headers.Add("Cookie", cookieHeader);
        using var accepted = await client.SendAsync(signedIn, cts.Token);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        // The same request without the cookie is sent to sign in: the 200 above is the cookie's doing.
        using var anonymous = await client.GetAsync(new Uri(_secondAddress, "/"), cts.Token);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEditPushedOnOneInstanceReachesAnEditorConnectedToTheOther()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var sectionId = await SectionIdAsync();
        await using var onSecond = await RemoteEditor.ConnectAsync(_secondAddress, await SignInForm.SignInAsync(_secondAddress, Chair, "Plan!2025", cts.Token), sectionId, cts.Token);
        await using var onFirst = await RemoteEditor.ConnectAsync(_firstAddress, await SignInForm.SignInAsync(_firstAddress, Chair, "Plan!2025", cts.Token), sectionId, cts.Token);
        Assert.Equal(onFirst.Version, onSecond.Version);

        onFirst.Edit((_, length) => ChangeSet.Of(length, 0, 0, "두 인스턴스 "));
        await onFirst.PushAsync(cts.Token);

        await onSecond.WaitForVersionAsync(onFirst.Version, LiveServer.Timeout);
        Assert.Equal(onFirst.Text, onSecond.Text);
        Assert.StartsWith("두 인스턴스 ", onSecond.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInstanceWithoutRedisDoesNotHearTheOthersBroadcasts()
    {
        // The control for the test above: the same push, an editor on a third instance that has no
        // backplane. It hears nothing, while the editor on the Redis instance does.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (alone, aloneAddress) = StartInstance(redis: null);
        await using var _ = alone;
        var sectionId = await SectionIdAsync();
        await using var onAlone = await RemoteEditor.ConnectAsync(aloneAddress, await SignInForm.SignInAsync(aloneAddress, Chair, "Plan!2025", cts.Token), sectionId, cts.Token);
        await using var onSecond = await RemoteEditor.ConnectAsync(_secondAddress, await SignInForm.SignInAsync(_secondAddress, Chair, "Plan!2025", cts.Token), sectionId, cts.Token);
        await using var onFirst = await RemoteEditor.ConnectAsync(_firstAddress, await SignInForm.SignInAsync(_firstAddress, Chair, "Plan!2025", cts.Token), sectionId, cts.Token);

        onFirst.Edit((_, length) => ChangeSet.Of(length, 0, 0, "가"));
        await onFirst.PushAsync(cts.Token);

        await onSecond.WaitForVersionAsync(onFirst.Version, LiveServer.Timeout);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => onAlone.WaitForVersionAsync(onFirst.Version, TimeSpan.FromSeconds(3)));
    }

    private async Task<int> SectionIdAsync()
    {
        await using var db = _database.CreateContext();
        var body = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
        return await db.Sections.Where(s => s.BodyId == body.Id).Select(s => s.Id).FirstAsync();
    }
}
