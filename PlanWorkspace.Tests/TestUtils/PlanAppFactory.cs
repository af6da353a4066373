using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// The real app on its own SQLite file, in Development (so demo accounts exist). With
/// <see cref="StartKestrel"/> it listens on a loopback port for a browser or a SignalR client.
/// </summary>
public sealed class PlanAppFactory : WebApplicationFactory<Program>
{
    private readonly TempDatabase _database = new();

    /// <summary>Configuration overrides ("{db}" stands for the test database's connection string).</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    public TempDatabase Database => _database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Plan", _database.ConnectionString);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value?.Replace("{db}", _database.ConnectionString, StringComparison.Ordinal));
        }
    }

    /// <summary>Starts Kestrel on a free loopback port and returns its base address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database.Dispose();
        }
    }
}
