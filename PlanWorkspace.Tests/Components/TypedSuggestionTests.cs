using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Components.Pages.Sections;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Identity;
using PlanWorkspace.App.Review;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

/// <summary>
/// What the editor's typed suggestions (SectionEditor.SuggestTyped, as the browser calls it) may do:
/// the server decides with the person's current memberships and refuses in the person's language.
/// </summary>
public sealed class TypedSuggestionTests : BunitTestBase
{
    private async Task<int> SectionIdAsync(string code)
    {
        await using var db = Database.CreateContext();
        var bodyId = await db.Bodies.Where(b => b.Code == code).Select(b => b.Id).SingleAsync();
        return await db.Sections.Where(s => s.BodyId == bodyId).Select(s => s.Id).SingleAsync();
    }

    private async Task<TypedSuggestion> AtEndOfFirstLineAsync(int sectionId, string replacement, int revises = 0)
    {
        var session = await Services.GetRequiredService<DocumentSessionRegistry>().GetAsync(sectionId);
        var (version, text) = session!.Current();
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return new TypedSuggestion(version, end, end, string.Empty, replacement, revises);
    }

    private async Task<TypedSuggestionResult> TypeAsync(int sectionId, TypedSuggestion typed, string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var editor = Render<SectionEditor>(p => p.Add(c => c.SectionId, sectionId));
        return await editor.Instance.SuggestTyped(typed);
    }

    private async Task<int> SuggestionCountAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Suggestions.CountAsync();
    }

    [Theory]
    [InlineData("ko-KR", "이 작업을 할 권한이 없습니다.")]
    [InlineData("en-US", "You may not do this.")]
    public async Task SomeoneWhoMayNotSuggestOnTheSectionIsRefusedInTheirLanguageAndNothingIsStored(string culture, string refusal)
    {
        var industry = await SectionIdAsync("industry-ax");
        await SignInAsync("advisor3@plan.test", Role.Advisor, "security-tf"); // assigned to the security TF only

        var result = await TypeAsync(industry, await AtEndOfFirstLineAsync(industry, "제안"), culture);

        Assert.Equal((0, refusal), (result.Id, result.Error));
        Assert.Equal(0, await SuggestionCountAsync());
    }

    [Theory]
    [InlineData("ko-KR", "이 작업을 할 권한이 없습니다.")]
    [InlineData("en-US", "You may not do this.")]
    public async Task AnAdvisorWhoseAssignmentEndedAfterTheEditorOpenedIsRefused(string culture, string refusal)
    {
        var industry = await SectionIdAsync("industry-ax");
        await SignInAsync("advisor1@plan.test", Role.Advisor, "industry-ax");
        var first = await TypeAsync(industry, await AtEndOfFirstLineAsync(industry, "하나"), culture);
        Assert.True(first.Id > 0, first.Error);

        await using (var db = Database.CreateContext())
        {
            var advisor = await db.People.Include(p => p.Memberships).SingleAsync(p => p.Email == "advisor1@plan.test");
            var body = await db.Bodies.SingleAsync(b => b.Code == "industry-ax");
            advisor.Leave(Role.Advisor, body.Id);
            await db.SaveChangesAsync();
        }
        Services.GetRequiredService<MembershipStamp>().Bump(); // as the app's save interceptor does

        var again = await TypeAsync(industry, await AtEndOfFirstLineAsync(industry, "둘"), culture);
        Assert.Equal((0, refusal), (again.Id, again.Error));
        var revised = await TypeAsync(industry, await AtEndOfFirstLineAsync(industry, "하나둘", first.Id), culture);
        Assert.Equal((0, refusal), (revised.Id, revised.Error));
        Assert.Equal(1, await SuggestionCountAsync());
    }

    [Theory]
    [InlineData("ko-KR", "작성자 본인만 고치거나 철회할 수 있습니다.")]
    [InlineData("en-US", "Only its author may change or withdraw this.")]
    public async Task AnAdvisorRevisesOnlyTheirOwnTypedSuggestion(string culture, string refusal)
    {
        var industry = await SectionIdAsync("industry-ax");
        await SignInAsync("advisor1@plan.test", Role.Advisor, "industry-ax");
        var chair = new Person("의장", "chair@plan.test");
        await using (var people = Database.CreateContext())
        {
            chair.Join(Role.Chair, await people.Bodies.Where(b => b.Code == "industry-ax").Select(b => b.Id).SingleAsync());
            people.People.Add(chair);
            await people.SaveChangesAsync();
        }
        var at = await AtEndOfFirstLineAsync(industry, "의장");
        var chairs = await Services.GetRequiredService<ReviewService>().SuggestAsync(
            PlanWorkspace.Domain.Access.Actor.From(chair), industry, new SelectionAt(at.Version, at.From, at.To, ""), "의장", null);
        Assert.True(chairs.Succeeded, chairs.Refusal?.Code);

        var taken = await TypeAsync(industry, await AtEndOfFirstLineAsync(industry, "의장 아님", chairs.Value), culture);
        Assert.Equal((0, refusal), (taken.Id, taken.Error));
        var own = await TypeAsync(industry, await AtEndOfFirstLineAsync(industry, "자문"), culture);
        var grown = await TypeAsync(industry, await AtEndOfFirstLineAsync(industry, "자문위원", own.Id), culture);
        Assert.True(grown.Id > 0, grown.Error);

        await using var db = Database.CreateContext();
        var texts = await db.Suggestions.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.AuthorId, s.Replacement, s.State }).ToListAsync();
        Assert.Equal(["의장", "자문위원"], texts.Where(s => s.State == PlanWorkspace.Domain.Review.SuggestionState.Open).Select(s => s.Replacement));
    }
}
