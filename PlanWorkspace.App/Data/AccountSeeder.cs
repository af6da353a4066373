using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Data;

/// <summary>
/// Creates people with sign-in accounts: the demo accounts in Development and the first
/// vice-chair elsewhere (<c>create-vice-chair</c> command).
/// </summary>
public sealed class AccountSeeder(PlanDbContext db, UserManager<ApplicationUser> users, ILogger<AccountSeeder> logger)
{
    /// <summary>The password of every demo account; listed in README, Development only.</summary>
    public const string DemoPassword = "Plan!2025";

    public sealed record DemoAccount(string Email, string Name, Role Role, string? BodyCode);

    /// <summary>The vice-chair, one chair per subcommittee, the TF lead, a secretariat member and advisors.</summary>
    public static IReadOnlyList<DemoAccount> DemoAccounts { get; } = BuildDemoAccounts();

    private static List<DemoAccount> BuildDemoAccounts()
    {
        string[] names = ["김민준", "이서연", "박도현", "최지우", "정하준", "강수아", "조예준", "윤지민", "장서윤"];
        var list = new List<DemoAccount> { new("vicechair@plan.local", "한지원", Role.ViceChair, null) };
        for (var i = 0; i < PlanSeedData.Bodies.Length; i++)
        {
            var body = PlanSeedData.Bodies[i];
            list.Add(body.Kind == BodyKind.TaskForce
                ? new($"lead.{body.Code}@plan.local", names[i], Role.TaskForceLead, body.Code)
                : new($"chair.{body.Code}@plan.local", names[i], Role.Chair, body.Code));
        }
        list.Add(new("secretariat@plan.local", "오하늘", Role.Secretariat, "industry-ax"));
        list.Add(new("advisor1@plan.local", "임도윤", Role.Advisor, "industry-ax"));
        list.Add(new("advisor2@plan.local", "신예린", Role.Advisor, "tech-infra"));
        list.Add(new("advisor3@plan.local", "홍지호", Role.Advisor, "security-tf"));
        return list;
    }

    /// <summary>
    /// Creates the demo accounts unless any account exists; the vice-chair gets
    /// <paramref name="viceChairPassword"/> when given (required outside Development, see WebHardening).
    /// </summary>
    public async Task SeedDemoAccountsAsync(string? viceChairPassword = null, CancellationToken cancellationToken = default)
    {
        if (await users.Users.AnyAsync(cancellationToken))
        {
            return;
        }
        var bodyIds = await db.Bodies.ToDictionaryAsync(b => b.Code, b => b.Id, cancellationToken);
        foreach (var account in DemoAccounts)
        {
            int? bodyId = account.BodyCode is null ? null : bodyIds[account.BodyCode];
            var password = account.Role == Role.ViceChair && !string.IsNullOrWhiteSpace(viceChairPassword) ? viceChairPassword : DemoPassword;
            await CreateAsync(account.Email, account.Name, password, [(account.Role, bodyId)], cancellationToken);
        }
        logger.LogInformation("Seeded {Count} demo accounts (password in README).", DemoAccounts.Count);
    }

    /// <summary>
    /// Development only, for the load tool: <paramref name="count"/> generated editors
    /// (<c>load1@plan.local</c>…) who may edit every body's section.
    /// </summary>
    public async Task SeedLoadTestUsersAsync(int count, CancellationToken cancellationToken = default)
    {
        var bodyIds = await db.Bodies.Select(b => b.Id).ToListAsync(cancellationToken);
        for (var i = 1; i <= count; i++)
        {
            var email = $"load{i}@plan.local";
            if (await db.People.AnyAsync(p => p.Email == email, cancellationToken))
            {
                continue;
            }
            await CreateAsync(email, $"부하시험 {i}", DemoPassword, bodyIds.Select(id => (Role.Secretariat, (int?)id)), cancellationToken);
        }
    }

    /// <summary>
    /// Development only, for the load tool: adds sections to the first body until the plan has
    /// <paramref name="count"/> sections (the seed has nine).
    /// </summary>
    public async Task SeedLoadTestSectionsAsync(int count, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var existing = await db.Sections.CountAsync(cancellationToken);
        var body = await db.Bodies.OrderBy(b => b.Order).FirstAsync(cancellationToken);
        for (var i = existing + 1; i <= count; i++)
        {
            db.Sections.Add(new Section(body.Id, i, $"부하시험 섹션 {i}", $"# 부하시험 섹션 {i}\n\n", clock.GetUtcNow()));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Creates the first vice-chair on a production database. Refused when a vice-chair exists
    /// or when the password does not meet the policy; nothing is saved then.
    /// </summary>
    public async Task<IReadOnlyList<string>> CreateViceChairAsync(string email, string name, string password, CancellationToken cancellationToken = default)
    {
        var hasViceChair = await db.People.AnyAsync(p => p.Memberships.Any(m => m.Role == Role.ViceChair), cancellationToken);
        if (hasViceChair)
        {
            return ["A vice-chair already exists; add people from the workspace instead."];
        }
        return await CreateAsync(email, name, password, [(Role.ViceChair, null)], cancellationToken);
    }

    /// <summary>Creates a person and their account in one transaction; returns the errors, empty on success.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(string email, string name, string password,
        IEnumerable<(Role Role, int? BodyId)> roles, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Person person;
        try
        {
            person = new Person(name, email);
            foreach (var (role, bodyId) in roles)
            {
                person.Join(role, bodyId);
            }
        }
        catch (DomainException e)
        {
            return [e.Message];
        }
        db.People.Add(person);
        await db.SaveChangesAsync(cancellationToken);

        var user = new ApplicationUser { UserName = person.Email, Email = person.Email, EmailConfirmed = true, PersonId = person.Id };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return result.Errors.Select(e => e.Description).ToList();
        }
        await transaction.CommitAsync(cancellationToken);
        return [];
    }
}
