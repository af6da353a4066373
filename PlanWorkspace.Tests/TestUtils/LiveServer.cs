using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>The app on Kestrel over loopback, with helpers to sign people in and connect editors.</summary>
public sealed class LiveServer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private LiveServer(PlanAppFactory app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public PlanAppFactory App { get; }
    public Uri BaseAddress { get; }

    /// <summary>Starts the app; <paramref name="settings"/> override configuration ("{db}" stands for the test database's connection string).</summary>
    public static LiveServer Start(IReadOnlyDictionary<string, string?>? settings = null, DatabaseProvider provider = DatabaseProvider.Sqlite,
        Action<IServiceCollection>? services = null)
    {
        var app = new PlanAppFactory { Settings = settings, Provider = provider, ExtraServices = services };
        return new LiveServer(app, app.StartKestrel());
    }

    /// <summary>Signs in through the real form and returns the cookies.</summary>
    public Task<CookieContainer> SignInAsync(string email) => SignInForm.SignInAsync(BaseAddress, email, "Plan!2025");

    public async Task<RemoteEditor> ConnectAsync(string email, int sectionId)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await RemoteEditor.ConnectAsync(BaseAddress, await SignInAsync(email), sectionId, cts.Token);
    }

    public async Task<int> SectionIdAsync(string bodyCode)
    {
        await using var db = App.Database.CreateContext();
        var body = await db.Bodies.SingleAsync(b => b.Code == bodyCode);
        return await db.Sections.Where(s => s.BodyId == body.Id).Select(s => s.Id).FirstAsync();
    }

    /// <summary>The actor for a demo account, as the app's services see it.</summary>
    public async Task<PlanWorkspace.Domain.Access.Actor> ActorAsync(string email)
    {
        await using var db = App.Database.CreateContext();
        var personId = await db.Users.Where(u => u.Email == email).Select(u => u.PersonId).SingleAsync();
        var person = await db.People.Include(p => p.Memberships).SingleAsync(p => p.Id == personId);
        return PlanWorkspace.Domain.Access.Actor.From(person);
    }

    public T Service<T>() where T : notnull => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(App.Services);

    /// <summary>The text rebuilt from the version-0 snapshot and every op in the log, in order.</summary>
    public async Task<(string Text, int Version)> ReplayOpLogAsync(int sectionId)
    {
        await using var db = App.Database.CreateContext();
        var snapshot = await db.SectionSnapshots.Where(s => s.SectionId == sectionId).OrderBy(s => s.Version).FirstAsync();
        var ops = await db.SectionOps.Where(o => o.SectionId == sectionId && o.Version > snapshot.Version).OrderBy(o => o.Version).ToListAsync();
        var text = snapshot.Text;
        var version = snapshot.Version;
        foreach (var op in ops)
        {
            Assert.Equal(version + 1, op.Version);
            text = ChangeSet.FromJson(op.Changes).Apply(text);
            version = op.Version;
        }
        return (text, version);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
