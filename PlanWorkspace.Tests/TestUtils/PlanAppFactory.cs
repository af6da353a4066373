using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Data;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// The real app on its own database (a SQLite file, or a PostgreSQL database with <see cref="Provider"/>),
/// in Development (so demo accounts exist). With
/// <see cref="StartKestrel"/> it listens on a loopback port for a browser or a SignalR client.
/// </summary>
public class PlanAppFactory : WebApplicationFactory<Program>
{
    private TempDatabase? _database;

    /// <summary>Configuration overrides ("{db}" stands for the test database's connection string).</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>The database to use instead of a new one of its own (several instances on one database); not disposed here.</summary>
    public TempDatabase? SharedDatabase { get; init; }

    public TempDatabase Database => SharedDatabase ?? (_database ??= new TempDatabase(Provider));

    /// <summary>Extra service registrations (e.g. a commit participant a test controls).</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Database.AppSettings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value?.Replace("{db}", Database.ConnectionString, StringComparison.Ordinal));
        }
        if (ExtraServices is { } configure)
        {
            builder.ConfigureServices(configure);
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
            _database?.Dispose();
        }
    }
}

/// <summary>The real app on a database of the run's PostgreSQL server (a class fixture).</summary>
public sealed class PostgresAppFactory : PlanAppFactory
{
    public PostgresAppFactory()
    {
        Provider = DatabaseProvider.Postgres;
    }
}
