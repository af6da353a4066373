using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Review;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.App.History;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration.Consultation;

/// <summary>
/// Opinion → suggestion on a live server and a real database: the quoted passage of the frozen
/// version is found at its new place after drafting went on, the review service opens the
/// suggestion, and the opinion links to it and, once accepted, to the edit's version.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OpinionSuggestionsTests : IAsyncLifetime
{
    private const string Slug = ConsultationClient.Slug;
    private LiveServer _server = default!;
    private IServiceScope _scope = default!;
    private int _industry;

    public async Task InitializeAsync()
    {
        _server = LiveServer.Start();
        // The consultation's services are scoped, as in a circuit.
        _scope = _server.App.Services.CreateScope();
        _industry = await _server.SectionIdAsync("industry-ax");
    }

    public async Task DisposeAsync()
    {
        _scope.Dispose();
        await _server.DisposeAsync();
    }

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private OpinionSuggestions Suggestions => _scope.ServiceProvider.GetRequiredService<OpinionSuggestions>();

    /// <summary>A plain run of text (no Markdown markup) from the industry section as the consultation froze it.</summary>
    private async Task<(string Quote, ConsultationSection Section)> FrozenPassageAsync()
    {
        await using var db = _server.App.Database.CreateContext();
        var section = await db.Set<ConsultationSection>().AsNoTracking()
            .SingleAsync(s => s.SectionId == _industry && db.Set<PublicConsultation>().Any(c => c.Id == s.ConsultationId && c.Slug == Slug), Timeout);
        var frozen = (await _server.Service<SectionLog>().TextAtAsync(_industry, section.Version, false, Timeout))!;
        var line = frozen.Text.Split('\n').First(l => l.Length > 30 && !l.Any(c => c is '*' or '_' or '`' or '#' or '>' or '[' or '|' or '-'));
        return (line.Trim()[..20].Trim(), section);
    }

    private async Task<int> OpinionAsync(string? quote, string? anchor)
    {
        await using var db = _server.App.Database.CreateContext();
        var consultation = await db.Set<PublicConsultation>().SingleAsync(c => c.Slug == Slug, Timeout);
        var opinion = Opinion.FromWeb(consultation, new OpinionSubmission("제출자", "한국산업기술협회", null, InstitutionCategory.Industry, "o@example.kr",
            _industry, quote, anchor, "이 문장을 더 구체적으로 써 주십시오."), DateTimeOffset.UtcNow);
        db.Add(opinion);
        await db.SaveChangesAsync(Timeout);
        return opinion.Id;
    }

    /// <summary>The live section's version and text, from its session.</summary>
    private async Task<(string Text, int Version)> LiveAsync()
    {
        var session = await _server.Service<DocumentSessionRegistry>().GetAsync(_industry);
        var (version, text) = session!.Current();
        return (text, version);
    }

    /// <summary>Drafting goes on after the freeze: text is inserted at the start of the live section.</summary>
    private async Task EditBeforeThePassageAsync(string inserted)
    {
        var review = _server.Service<ReviewService>();
        var (text, version) = await LiveAsync();
        Assert.NotEmpty(text);
        var insert = await review.SuggestAsync(await _server.ActorAsync("advisor1@plan.local"), _industry, new SelectionAt(version, 0, 0, string.Empty), inserted, null);
        Assert.True(insert.Succeeded, insert.Refusal?.Code);
        var accepted = await review.AcceptAsync(await _server.ActorAsync("chair.industry-ax@plan.local"), insert.Value);
        Assert.True(accepted.Succeeded, accepted.Refusal?.Code);
    }

    private async Task<OpinionRow> RowAsync(int opinionId)
    {
        var page = await _scope.ServiceProvider.GetRequiredService<OpinionTriage>().ListAsync(await _server.ActorAsync("vicechair@plan.local"), Slug, new OpinionFilter(PageSize: 200), Timeout);
        return page!.Rows.Single(r => r.Id == opinionId);
    }

    [Fact]
    public async Task AChairOpensASuggestionAtThePassagesNewPlaceAndTheOpinionLinksToTheAcceptedEdit()
    {
        var (quote, section) = await FrozenPassageAsync();
        await EditBeforeThePassageAsync("머리말을 추가합니다.\n\n");
        var opinionId = await OpinionAsync(quote, ParagraphAnchor.Of(section.Ordinal, 2));

        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var opened = await Suggestions.SuggestAsync(chair, Slug, opinionId, "의견을 반영한 새 문장", "산업계 의견 반영", Timeout);
        Assert.True(opened.Succeeded, opened.Refusal?.Code);

        await using (var db = _server.App.Database.CreateContext())
        {
            var suggestion = await db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == opened.Value, Timeout);
            // The anchor moved with the inserted text: it covers the quoted words in the live section.
            var (live, _) = await LiveAsync();
            Assert.Equal(quote, live[suggestion.Anchor.From..suggestion.Anchor.To]);
            Assert.True(suggestion.Anchor.From >= "머리말을 추가합니다.\n\n".Length);
            Assert.Equal((SuggestionState.Open, quote, chair.PersonId), (suggestion.State, suggestion.Quote, suggestion.AuthorId));
            Assert.StartsWith("[", suggestion.Reason, StringComparison.Ordinal);
        }
        var pending = await RowAsync(opinionId);
        Assert.Equal(new OpinionSuggestionLink(opened.Value, SuggestionState.Open, null), pending.Suggestion);

        // The chair may not accept their own suggestion; the vice-chair does.
        var accepted = await _server.Service<ReviewService>().AcceptAsync(await _server.ActorAsync("vicechair@plan.local"), opened.Value);
        Assert.True(accepted.Succeeded, accepted.Refusal?.Code);
        var (after, version) = await LiveAsync();
        Assert.Contains("의견을 반영한 새 문장", after, StringComparison.Ordinal);
        Assert.DoesNotContain(quote, after, StringComparison.Ordinal);
        var reflected = await RowAsync(opinionId);
        Assert.Equal(new OpinionSuggestionLink(opened.Value, SuggestionState.Accepted, version), reflected.Suggestion);

        // One suggestion per opinion.
        Assert.Equal(Refusals.Consult.AlreadySuggested.Code, (await Suggestions.SuggestAsync(chair, Slug, opinionId, "또", null, Timeout)).Refusal?.Code);
    }

    [Theory]
    [InlineData("chair.tech-infra@plan.local", false)]  // another body's chair
    [InlineData("advisor1@plan.local", false)]          // reads the industry section, may not triage
    [InlineData("chair.industry-ax@plan.local", true)]
    [InlineData("secretariat@plan.local", true)]
    [InlineData("vicechair@plan.local", true)]
    public async Task OnlyThoseWhoTriageTheOpinionMayTurnItIntoASuggestion(string email, bool allowed)
    {
        var (quote, _) = await FrozenPassageAsync();
        var opinionId = await OpinionAsync(quote, null);

        var result = await Suggestions.SuggestAsync(await _server.ActorAsync(email), Slug, opinionId, "바꾼 문장", null, Timeout);

        Assert.Equal(allowed, result.Succeeded);
        await using var db = _server.App.Database.CreateContext();
        var linked = await db.Set<Opinion>().Where(o => o.Id == opinionId).Select(o => o.SuggestionId).SingleAsync(Timeout);
        if (allowed)
        {
            Assert.Equal(result.Value, linked);
        }
        else
        {
            Assert.Equal(Refusals.Consult.NotAllowed.Code, result.Refusal?.Code);
            Assert.Null(linked);
            Assert.Equal(0, await db.Suggestions.CountAsync(Timeout));
        }
    }

    [Fact]
    public async Task AnOpinionWithoutAPassageOrWhosePassageIsNotInTheTextIsRefusedAndNothingIsCreated()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var noQuote = await OpinionAsync(null, null);
        var notThere = await OpinionAsync("공개본에 없는 문장입니다 <script>alert(1)</script>", null);

        Assert.Equal(Refusals.Consult.NoPassage.Code, (await Suggestions.SuggestAsync(chair, Slug, noQuote, "x", null, Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Consult.PassageGone.Code, (await Suggestions.SuggestAsync(chair, Slug, notThere, "x", null, Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Consult.NotFound.Code, (await Suggestions.SuggestAsync(chair, Slug, 999_999, "x", null, Timeout)).Refusal?.Code);
        Assert.Equal(Refusals.Consult.NotAllowed.Code, (await Suggestions.SuggestAsync(chair, "no-such-consultation", noQuote, "x", null, Timeout)).Refusal?.Code);

        await using var db = _server.App.Database.CreateContext();
        Assert.Equal(0, await db.Suggestions.CountAsync(Timeout));
        Assert.False(await db.Set<Opinion>().AnyAsync(o => o.SuggestionId != null, Timeout));
    }
}
