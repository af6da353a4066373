using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using PlanWorkspace.App.Data;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>The provider switch and each provider's migrations (ADR-012), on a real SQLite file and a real PostgreSQL database.</summary>
[Trait("Category", "Integration")]
public sealed class DatabaseProviderTests
{
    private static IConfiguration Configuration(string? provider) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PlanDatabase.ProviderKey] = provider }).Build();

    [Theory]
    [InlineData(null, DatabaseProvider.Sqlite)]
    [InlineData("", DatabaseProvider.Sqlite)]
    [InlineData("Sqlite", DatabaseProvider.Sqlite)]
    [InlineData("postgres", DatabaseProvider.Postgres)]
    [InlineData(" Postgres ", DatabaseProvider.Postgres)]
    public void TheProviderSettingChoosesTheEngineAndSqliteIsTheDefault(string? setting, DatabaseProvider expected) =>
        Assert.Equal(expected, PlanDatabase.Provider(Configuration(setting)));

    [Theory]
    [InlineData("Oracle")]
    [InlineData("1")]
    [InlineData("SqlServer")]
    public void AnUnknownProviderStopsStartUpNamingTheSetting(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PlanDatabase.Provider(Configuration(setting)));
        Assert.Contains(PlanDatabase.ProviderKey, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EachProviderIsMigratedWithItsOwnMigrationsAndSeeded(DatabaseProvider provider)
    {
        using var database = new TempDatabase(provider);
        await using (var db = database.CreateContext())
        {
            await new DatabaseInitializer(db, TimeProvider.System, NullLogger<DatabaseInitializer>.Instance).InitializeAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(provider == DatabaseProvider.Postgres, db.IsPostgres());
            var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
            // SQLite's history starts with its 2026-11-26 InitialCreate; PostgreSQL's with its own.
            Assert.NotEmpty(applied);
            Assert.Equal(provider == DatabaseProvider.Sqlite, applied.Contains("20261126140909_InitialCreate"));
        }
        await using var check = database.CreateContext();
        Assert.Equal(9, await check.Bodies.CountAsync());
        Assert.Equal(9, await check.Sections.CountAsync());
        Assert.Empty(await check.DataProtectionKeys.ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void EveryModelChangeHasAMigrationForEachProvider(DatabaseProvider provider)
    {
        // Fails after a merge that brought a model change with one provider's migration only:
        // run scripts/add-migration.sh <Name> postgres (or sqlite).
        using var database = new TempDatabase(provider);
        using var db = database.CreateContext();
        Assert.False(db.Database.HasPendingModelChanges(), $"the {provider} migrations are behind the model");
    }
}
