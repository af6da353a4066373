using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.PlanData;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.App.Review;
using PlanWorkspace.App.Workflow;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// bUnit with MudBlazor (loose JS interop), the app's services on a seeded real SQLite file,
/// Korean culture, and a signed-in person chosen by email.
/// </summary>
public abstract class BunitTestBase : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _previousCulture = CultureInfo.CurrentUICulture;

    protected BunitTestBase()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(Database.CreateFactory());
        // The features as the app wires them (sessions load on demand from the same database).
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        Services.AddLogging();
        Services.AddScoped<ActorAccessor>();
        Services.AddSingleton<MembershipStamp>();
        Services.AddSingleton<CurrentActors>();
        Services.AddRendering();
        Services.AddDrafting(configuration);
        Services.AddReview();
        Services.AddWorkflow();
        Services.AddPlanData();
        PlanWorkspace.App.History.HistoryExtensions.AddPlanHistory(Services, configuration);
        // The dashboard's consultation card reads through these (the whole consultation feature needs the web host).
        Services.AddSingleton<PlanWorkspace.App.Consultation.PdfTextExtractor>();
        Services.AddSingleton<PlanWorkspace.App.Consultation.AttachmentTextReader>();
        Services.AddSingleton<PlanWorkspace.App.Consultation.Mail.MailImporter>();
        Services.AddScoped<PlanWorkspace.App.Consultation.OpinionTriage>();
        Services.AddScoped<PlanWorkspace.App.Consultation.InstitutionRegistry>();
        Services.AddScoped<PlanWorkspace.App.Consultation.ConsultationDashboard>();
    }

    protected TempDatabase Database { get; } = new();

    public async Task InitializeAsync()
    {
        await using var db = Database.CreateContext();
        await new DatabaseInitializer(db, TimeProvider.System, NullLogger<DatabaseInitializer>.Instance).InitializeAsync();
    }

    /// <summary>Signs in the seeded person with this email (creating them when a role is given).</summary>
    protected async Task SignInAsync(string email, PlanWorkspace.Domain.Planning.Role? role = null, string? bodyCode = null)
    {
        await using var db = Database.CreateContext();
        var person = await db.People.FirstOrDefaultAsync(p => p.Email == email);
        if (person is null)
        {
            person = new PlanWorkspace.Domain.Planning.Person(email, email);
            var bodyId = bodyCode is null ? (int?)null : (await db.Bodies.SingleAsync(b => b.Code == bodyCode)).Id;
            person.Join(role ?? PlanWorkspace.Domain.Planning.Role.Advisor, bodyId);
            db.People.Add(person);
            await db.SaveChangesAsync();
        }
        var auth = AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetClaims(new System.Security.Claims.Claim(ActorAccessor.PersonIdClaim, person.Id.ToString(CultureInfo.InvariantCulture)));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        Database.Dispose();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = _previousCulture;
    }
}
