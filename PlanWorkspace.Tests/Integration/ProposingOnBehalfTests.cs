using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PlanWorkspace.App;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

/// <summary>
/// A writer enters a suggestion on someone else's behalf (an advisor who phoned it in): the card
/// names them, they hear of its decision, and the server refuses anyone but a writer, anyone named
/// who may not read the section, and naming oneself — storing nothing, with a message in both languages.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ProposingOnBehalfTests : IAsyncLifetime
{
    private LiveServer _server = default!;
    private ReviewService _review = default!;
    private int _industry;

    public async Task InitializeAsync()
    {
        _server = LiveServer.Start();
        _review = _server.Service<ReviewService>();
        _industry = await _server.SectionIdAsync("industry-ax");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<SelectionAt> PassageAsync()
    {
        var session = await _server.Service<PlanWorkspace.App.Drafting.DocumentSessionRegistry>().GetAsync(_industry);
        var (version, text) = session!.Current();
        var start = text.IndexOf("비전 아래", StringComparison.Ordinal);
        return new SelectionAt(version, start, start + 2, text.Substring(start, 2));
    }

    private async Task<int> SuggestionCountAsync()
    {
        await using var db = _server.App.Database.CreateContext();
        return await db.Suggestions.CountAsync();
    }

    [Fact]
    public async Task AChairEntersASuggestionForAnAdvisorWhomTheCardNamesAndWhoHearsOfItsAcceptance()
    {
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var viceChair = await _server.ActorAsync("vicechair@plan.local");

        var entered = await _review.SuggestAsync(chair, _industry, await PassageAsync(), "바꿈", "전화로 받은 의견", onBehalfOf: advisor.PersonId);

        Assert.True(entered.Succeeded, entered.Refusal?.Code);
        var card = Assert.Single(await _server.Service<ReviewQueries>().SuggestionsAsync(viceChair, new ReviewQuery(SectionId: _industry)), s => s.Id == entered.Value);
        Assert.Equal(("이서연", "임도윤"), (card.AuthorName, card.OnBehalfOfName));
        Assert.True(card.CanDecide);

        Assert.True((await _review.AcceptAsync(viceChair, entered.Value)).Succeeded);
        var told = await _server.Service<NotificationService>().ListAsync(advisor, unreadOnly: true);
        Assert.Contains(told, n => n.Topic == NotificationTopic.SuggestionAccepted && n.MarkId == $"s{entered.Value}");
    }

    [Fact]
    public async Task TheWriterNamedOnASuggestionMayNotDecideItButTheViceChairMay()
    {
        var secretary = await _server.ActorAsync("secretariat@plan.local");
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var entered = await _review.SuggestAsync(secretary, _industry, await PassageAsync(), "바꿈", null, onBehalfOf: chair.PersonId);
        Assert.True(entered.Succeeded, entered.Refusal?.Code);

        Assert.Equal("Review.Error.Forbidden", (await _review.AcceptAsync(chair, entered.Value)).Refusal?.Code);
        Assert.Equal("Review.Error.Forbidden", (await _review.RejectAsync(chair, entered.Value, "아니오")).Refusal?.Code);
        Assert.True((await _review.RejectAsync(await _server.ActorAsync("vicechair@plan.local"), entered.Value, "유지")).Succeeded);
    }

    [Fact]
    public async Task OnlyAWriterMayNameSomeoneAndOnlySomeoneWhoMayReadTheSectionAndNeverThemselves()
    {
        var advisor = await _server.ActorAsync("advisor1@plan.local");
        var chair = await _server.ActorAsync("chair.industry-ax@plan.local");
        var outsider = await _server.ActorAsync("advisor3@plan.local"); // 보안 TF only
        var before = await SuggestionCountAsync();

        Assert.Equal("Review.Error.OnBehalfNotWriter", (await _review.SuggestAsync(advisor, _industry, await PassageAsync(), "바꿈", null, onBehalfOf: chair.PersonId)).Refusal?.Code);
        Assert.Equal("Review.Error.OnBehalfNotReader", (await _review.SuggestAsync(chair, _industry, await PassageAsync(), "바꿈", null, onBehalfOf: outsider.PersonId)).Refusal?.Code);
        Assert.Equal("Review.Error.OnBehalfNotReader", (await _review.SuggestAsync(chair, _industry, await PassageAsync(), "바꿈", null, onBehalfOf: 999_999)).Refusal?.Code);
        Assert.Equal("Review.Error.OnBehalfOfSelf", (await _review.SuggestAsync(chair, _industry, await PassageAsync(), "바꿈", null, onBehalfOf: chair.PersonId)).Refusal?.Code);
        Assert.Equal(before, await SuggestionCountAsync());

        var localizer = _server.Service<IStringLocalizer<SharedResource>>();
        foreach (var key in new[] { "Review.Error.OnBehalfNotWriter", "Review.Error.OnBehalfNotReader", "Review.Error.OnBehalfOfSelf" })
        {
            var texts = new List<string>();
            foreach (var culture in new[] { "ko-KR", "en-US" })
            {
                CultureInfo.CurrentUICulture = new CultureInfo(culture);
                var text = localizer[key];
                Assert.False(text.ResourceNotFound, $"{key} [{culture}]");
                texts.Add(text.Value);
            }
            Assert.NotEqual(texts[0], texts[1]);
        }
    }
}
