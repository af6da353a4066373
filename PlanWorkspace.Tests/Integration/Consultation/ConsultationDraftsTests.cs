using PlanWorkspace.Domain.Outcomes;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.History;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>Preparing a consultation as a draft, changing it, and opening it: roles checked by the server, the draft never public.</summary>
public sealed class ConsultationDraftsTests : IClassFixture<PlanAppFactory>
{
    private readonly PlanAppFactory _app;

    public ConsultationDraftsTests(PlanAppFactory app)
    {
        _app = app;
        _ = app.Services;
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private async Task<Actor> ActorAsync(string email)
    {
        await using var db = _app.Database.CreateContext();
        return Actor.From(await db.People.AsNoTracking().SingleAsync(p => p.Email == email, Timeout));
    }

    private async Task<ConsultationRequest> RequestAsync(string slug, string title = "2차 의견수렴")
    {
        await using var db = _app.Database.CreateContext();
        var version = await db.Set<PlanVersion>().AsNoTracking().OrderBy(v => v.Id).FirstAsync(Timeout);
        var starts = new DateTimeOffset(2026, 12, 1, 9, 0, 0, SeoulTime.Offset);
        return new ConsultationRequest(slug, title, version.Id, starts, starts.AddDays(30), "opinion@committee.go.kr", "공지 <b>본문</b>");
    }

    [Theory]
    [InlineData("chair.industry-ax@plan.local")]
    [InlineData("advisor1@plan.local")]
    public async Task OnlyTheViceChairAndSecretariatPrepareAndOpenConsultations(string email)
    {
        using var scope = _app.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ConsultationService>();
        var actor = await ActorAsync(email);
        var slug = "refused-" + email.Split('@')[0].Replace('.', '-');
        Assert.Equal(Refusals.Consult.NotAllowed.Code, (await service.CreateDraftAsync(actor, await RequestAsync(slug), Timeout)).Refusal?.Code);
        Assert.Null(await service.ListAsync(actor, Timeout));
        Assert.True((await service.CreateDraftAsync(await ActorAsync("secretariat@plan.local"), await RequestAsync(slug), Timeout)).Succeeded);
        Assert.Equal(Refusals.Consult.NotAllowed.Code, (await service.ReviseDraftAsync(actor, slug, await RequestAsync(slug, "바꿈"), Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Consult.NotAllowed.Code, (await service.OpenDraftAsync(actor, slug, Timeout)).Refusal?.Code);
        Assert.Equal(ConsultationState.Draft, (await service.FindAsync(slug, Timeout))!.State);
    }

    [Fact]
    public async Task ADraftIsChangedWhileNotPublicThenOpeningFreezesItAndItCanNoLongerBeChanged()
    {
        using var scope = _app.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ConsultationService>();
        var viceChair = await ActorAsync("vicechair@plan.local");
        const string slug = "second-round";
        Assert.True((await service.CreateDraftAsync(viceChair, await RequestAsync(slug), Timeout)).Succeeded);
        Assert.Equal(Refusals.Consult.SlugTaken.Code, (await service.CreateDraftAsync(viceChair, await RequestAsync(slug), Timeout)).Refusal?.Code);

        var client = ConsultationClient.Create(_app);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/consult/{slug}", Timeout)).StatusCode);

        // Refused changes change nothing, and say what was wrong (the form shows it in the reader's language).
        var bad = await RequestAsync(slug, "바뀐 제목");
        Assert.Equal(Refusals.Opinions.PeriodOrder.Code, (await service.ReviseDraftAsync(viceChair, slug, bad with { EndsAt = bad.StartsAt.AddDays(-1) }, Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Input.Email.With(Refusals.Fields.ContactEmail),
            (await service.ReviseDraftAsync(viceChair, slug, bad with { ContactEmail = "not-an-address" }, Timeout)).Refusal);
        Assert.Equal(Refusals.Consult.NotFound.Code, (await service.ReviseDraftAsync(viceChair, slug, bad with { PlanVersionId = 999_999 }, Timeout)).Refusal?.Code);
        Assert.Equal("2차 의견수렴", (await service.FindAsync(slug, Timeout))!.Title);

        Assert.True((await service.ReviseDraftAsync(await ActorAsync("secretariat@plan.local"), slug, bad, Timeout)).Succeeded);
        var listed = (await service.ListAsync(viceChair, Timeout))!.Single(c => c.Slug == slug);
        Assert.Equal(("바뀐 제목", ConsultationState.Draft), (listed.Title, listed.State));

        Assert.True((await service.OpenDraftAsync(viceChair, slug, Timeout)).Succeeded);
        var html = await client.GetStringAsync($"/consult/{slug}", Timeout);
        Assert.Contains("바뀐 제목", html);
        Assert.Contains("id=\"s1-p1\"", html);
        Assert.DoesNotContain("<b>본문</b>", html);

        Assert.Equal(Refusals.Consult.WrongState.Code, (await service.ReviseDraftAsync(viceChair, slug, bad with { Title = "열린 뒤" }, Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Consult.WrongState.Code, (await service.OpenDraftAsync(viceChair, slug, Timeout)).Refusal?.Code);
        Assert.True((await service.CloseAsync(viceChair, slug, Timeout)).Succeeded);
        Assert.True((await service.PublishReportAsync(viceChair, slug, Timeout)).Succeeded);
        Assert.Equal(ConsultationState.ReportPublished, (await service.FindAsync(slug, Timeout))!.State);
    }
}
