using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>The one answer to "did another writer take this key?", on each engine's real error.</summary>
[Trait("Category", "Integration")]
public sealed class DatabaseErrorsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ASecondOpLogRowForTheSameVersionIsADuplicateKeyAndABrokenStatementIsNot(DatabaseProvider provider)
    {
        // The app migrates and seeds its database at start.
        await using var app = new PlanAppFactory { Provider = provider };
        _ = app.Services;
        await using var db = app.Database.CreateContext();
        var sectionId = await db.Sections.Select(s => s.Id).FirstAsync();
        const string insert = """INSERT INTO "SectionOps" ("SectionId", "Version", "ClientId", "AuthorId", "Timestamp", "Changes") VALUES ({0}, 1, 'p1-a', 1, 0, '[5]')""";
        await db.Database.ExecuteSqlRawAsync(insert, sectionId);

        var taken = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(insert, sectionId));
        Assert.True(DatabaseErrors.IsDuplicateKey(taken), taken.Message);

        var broken = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("""INSERT INTO "SectionOps" ("NoSuchColumn") VALUES (1)"""));
        Assert.False(DatabaseErrors.IsDuplicateKey(broken), broken.Message);
    }
}
