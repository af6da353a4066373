using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Data;

/// <summary>
/// Start-up work on the database: check the SQLite path, apply migrations, switch SQLite to WAL,
/// seed the plan structure into an empty database.
/// </summary>
public sealed class DatabaseInitializer(PlanDbContext db, TimeProvider clock, ILogger<DatabaseInitializer> logger)
{
    /// <summary>
    /// Fails with a message naming the path when the SQLite file's folder is missing or not
    /// writable, instead of SQLite's bare "unable to open database file".
    /// </summary>
    public static void EnsureSqlitePathUsable(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrWhiteSpace(dataSource) || dataSource == ":memory:")
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Plan must name a SQLite file, e.g. \"Data Source=planworkspace.db\".");
        }
        var fullPath = Path.GetFullPath(dataSource);
        var folder = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException(
                $"The database folder '{folder}' does not exist. Create it or change ConnectionStrings:Plan.");
        }
        if (Directory.Exists(fullPath))
        {
            throw new InvalidOperationException(
                $"The database file '{fullPath}' cannot be written: a folder has that name. Change ConnectionStrings:Plan.");
        }
        try
        {
            var probe = Path.Combine(folder, $".planworkspace-write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            if (File.Exists(fullPath))
            {
                using var _ = File.Open(fullPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InvalidOperationException(
                $"The database file '{fullPath}' cannot be written ({e.Message}). Fix its permissions or change ConnectionStrings:Plan.", e);
        }
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        await PlanDatabase.TuneAsync(db, cancellationToken);
        await SeedPlanAsync(cancellationToken);
    }

    /// <summary>Seeds the committee, bodies, sections, initiatives and targets; a no-op unless the database is empty.</summary>
    public async Task<bool> SeedPlanAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Committees.AnyAsync(cancellationToken) || await db.Bodies.AnyAsync(cancellationToken))
        {
            return false;
        }
        var now = clock.GetUtcNow();
        db.Committees.Add(new Committee(PlanSeedData.CommitteeName, PlanSeedData.PlanTitle, PlanSeedData.Vision));
        var order = 0;
        var bodies = new List<(Body Body, PlanSeedData.BodySeed Seed)>();
        foreach (var seed in PlanSeedData.Bodies)
        {
            var body = new Body(seed.Code, seed.Name, seed.NameEn, seed.Kind, ++order);
            db.Bodies.Add(body);
            bodies.Add((body, seed));
        }
        await db.SaveChangesAsync(cancellationToken);

        foreach (var (body, seed) in bodies)
        {
            db.Sections.Add(new Section(body.Id, 1, PlanSeedData.SectionTitle(seed), PlanSeedData.SectionMarkdown(seed), now));
            var targets = seed.Targets.Select(t =>
            {
                var target = new Target(body.Id, t.Key, t.Name, t.Unit, t.Baseline, t.BaselineYear, t.Target, t.TargetYear, t.Direction);
                if (t.Latest is { } latest)
                {
                    target.RecordLatest(latest, new DateOnly(2025, 12, 1));
                }
                db.Targets.Add(target);
                return target;
            }).ToList();
            for (var i = 0; i < seed.Initiatives.Length; i++)
            {
                var initiative = new Initiative(body.Id, $"{body.Order}-{i + 1}", seed.Initiatives[i], seed.LeadMinistry);
                initiative.AddMilestone("세부 추진계획 수립", new DateOnly(2026, 3, 31));
                initiative.AddMilestone("1차 성과 점검", new DateOnly(2026, 12, 31));
                if (i == 0)
                {
                    targets.ForEach(initiative.LinkTarget);
                }
                db.Initiatives.Add(initiative);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the plan structure: {Bodies} bodies.", bodies.Count);
        return true;
    }
}
