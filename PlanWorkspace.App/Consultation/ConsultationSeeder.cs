using Microsoft.EntityFrameworkCore;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.History;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Consultation;

/// <summary>
/// In Development (or with SeedDemoAccounts) opens the consultation <c>action-plan-2025</c> on a
/// named version of the seeded plan, so that a new user sees the feature at once. Runs after the
/// database is migrated and seeded (a hosted service starts after <c>InitializePlanWorkspaceAsync</c>;
/// the command-line tools call it themselves).
/// </summary>
public sealed class ConsultationSeeder(IServiceScopeFactory scopes, IHostEnvironment environment, IConfiguration configuration, ILogger<ConsultationSeeder> logger) : IHostedService
{
    public const string DemoSlug = "action-plan-2025";
    public const string DemoVersionName = "행동계획(안) 의견수렴본";

    public bool Enabled => environment.IsDevelopment() || configuration.GetValue<bool>("SeedDemoAccounts");

    public Task StartAsync(CancellationToken cancellationToken) => Enabled ? SeedAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Opens the demo consultation unless it exists; a no-op without a vice-chair account.</summary>
    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using var db = await services.GetRequiredService<IDbContextFactory<PlanDbContext>>().CreateDbContextAsync(ct);
        if (await db.Set<PublicConsultation>().AnyAsync(c => c.Slug == DemoSlug, ct))
        {
            return;
        }
        var viceChair = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Memberships.Any(m => m.Role == Role.ViceChair), ct);
        if (viceChair is null)
        {
            return;
        }
        var clock = services.GetRequiredService<TimeProvider>();
        var version = await db.Set<PlanVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.Name == DemoVersionName, ct);
        if (version is null)
        {
            var log = services.GetRequiredService<SectionLog>();
            var versions = new Dictionary<int, int>();
            foreach (var id in await db.Sections.Select(s => s.Id).ToListAsync(ct))
            {
                versions[id] = await log.LatestVersionAsync(id, ct);
            }
            if (versions.Count == 0)
            {
                return;
            }
            version = new PlanVersion(DemoVersionName, versions, viceChair.Id, clock.GetUtcNow());
            db.Add(version);
            await db.SaveChangesAsync(ct);
        }

        var today = DateOnly.FromDateTime(SeoulTime.ToSeoul(clock.GetUtcNow()).DateTime);
        var request = new ConsultationRequest(
            DemoSlug,
            "대한민국 인공지능행동계획(안) 국민 의견 수렴",
            version.Id,
            SeoulTime.StartOf(today.AddDays(-7)),
            SeoulTime.StartOf(today.AddDays(30)),
            "opinions@aicommittee.go.kr",
            "국가인공지능전략위원회는 「대한민국 인공지능행동계획(안)」에 대한 의견을 받습니다. 누구나 이 페이지의 서식이나 전자우편으로 의견을 낼 수 있습니다.");
        var result = await services.GetRequiredService<ConsultationService>().OpenAsync(Actor.From(viceChair), request, ct);
        if (result.Succeeded)
        {
            logger.LogInformation("Opened the demo consultation {Slug} on plan version {Version}.", DemoSlug, version.Id);
        }
        else
        {
            logger.LogWarning("Could not open the demo consultation: {Refusal}", result.Refusal);
        }
    }
}
