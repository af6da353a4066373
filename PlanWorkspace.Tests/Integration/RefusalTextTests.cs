using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.App.History;
using PlanWorkspace.App.PlanData;
using PlanWorkspace.App.Workflow;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// Refusals from different services, as the pages show them through <see cref="RefusalText"/>: in
/// the reader's language, with their arguments (field names, limits) in it too (ADR-022).
/// </summary>
[Trait("Category", "Integration")]
public sealed class RefusalTextTests(PlanAppFactory app) : IClassFixture<PlanAppFactory>
{
    private const string Chair = "chair.industry-ax@plan.local";

    [Theory]
    [InlineData("ko-KR", "버전 이름은 1~100자로 입력하세요.")]
    [InlineData("en-US", "Enter a version name of 1–100 characters.")]
    public async Task AnEmptyVersionNameIsRefusedInTheReadersLanguage(string culture, string expected)
    {
        var (actor, sectionId, _) = await ChairAsync();
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<HistoryService>().NameVersionAsync(actor, sectionId, 0, "  ");

        Assert.Equal(Refusals.History.NameInvalid, result.Refusal);
        Assert.Equal(expected, Shown(culture, result.Refusal!));
    }

    [Theory]
    [InlineData("ko-KR", "지표 이름을(를) 입력하세요.")]
    [InlineData("en-US", "Enter the target name.")]
    public async Task ATargetWithoutANameIsRefusedNamingTheFieldInTheReadersLanguage(string culture, string expected)
    {
        var (actor, _, bodyId) = await ChairAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var input = new TargetInput { BodyId = bodyId, Key = "refusal-" + culture.ToLowerInvariant(), Name = " ", Unit = "%", BaselineValue = 1, BaselineYear = 2024, TargetValue = 2, TargetYear = 2030 };

        var result = await scope.ServiceProvider.GetRequiredService<PlanDataService>().SaveTargetAsync(actor, input);

        Assert.Equal(Refusals.Input.Required.With(Refusals.Fields.TargetName), result.Refusal);
        Assert.Equal(expected, Shown(culture, result.Refusal!));
    }

    [Theory]
    [InlineData("ko-KR", "입력이 너무 깁니다(4,000자까지).")]
    [InlineData("en-US", "The text is too long (at most 4,000 characters).")]
    public async Task AnOverlongReviewNoteIsRefusedWithItsLimitFormattedForTheReader(string culture, string expected)
    {
        var (_, sectionId, _) = await ChairAsync();
        var viceChair = await ActorAsync("vicechair@plan.local");
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<SectionWorkflow>().RequestChangesAsync(viceChair, sectionId, new string('가', 4001));

        Assert.Equal(Refusals.Review.TooLong.With(4000), result.Refusal);
        Assert.Equal(expected, Shown(culture, result.Refusal!));
    }

    [Theory]
    [InlineData("ko-KR")]
    [InlineData("en-US")]
    public async Task AConsultationRefusalComesFromTheConsultationsOwnResources(string culture)
    {
        var viceChair = await ActorAsync("vicechair@plan.local");
        await using var scope = app.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<OpinionTriage>().ClassifyAsync(viceChair, "no-such", [], OpinionClassification.Reflected, "이유");

        Assert.Equal(Refusals.Consult.NothingSelected, result.Refusal);
        var shown = Shown(culture, result.Refusal!);
        Assert.NotEqual(Refusals.Consult.NothingSelected.Code, shown);
        Assert.Equal(culture == "ko-KR", shown.Any(c => c is >= '가' and <= '힣'));
    }

    [Fact]
    public void ADomainRefusalPlacesItsLocalisedTermsAndNumbers()
    {
        var refusal = Refusals.Input.TooLong.With(Refusals.Fields.SectionTitle, 1200);

        Assert.Equal("항목 제목은(는) 1,200자까지 입력할 수 있습니다.", Shown("ko-KR", refusal));
        Assert.Equal("The section title may be at most 1,200 characters.", Shown("en-US", refusal));
    }

    private string Shown(string culture, Refusal refusal)
    {
        var (ui, formatting) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            return app.Services.GetRequiredService<RefusalText>()[refusal];
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, formatting);
        }
    }

    private async Task<(Actor Actor, int SectionId, int BodyId)> ChairAsync()
    {
        var actor = await ActorAsync(Chair);
        await using var db = app.Database.CreateContext();
        var body = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
        var sectionId = await db.Sections.Where(s => s.BodyId == body.Id).Select(s => s.Id).FirstAsync();
        return (actor, sectionId, body.Id);
    }

    private async Task<Actor> ActorAsync(string email)
    {
        _ = app.Server;
        await using var db = app.Database.CreateContext();
        var personId = await db.Users.Where(u => u.Email == email).Select(u => u.PersonId).SingleAsync();
        return Actor.From(await db.People.Include(p => p.Memberships).SingleAsync(p => p.Id == personId));
    }
}
