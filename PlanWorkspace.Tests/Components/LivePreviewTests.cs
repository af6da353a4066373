using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Components.Pages.Sections;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Components;

/// <summary>The section page's preview knows which version it shows: the version an approval from that page names.</summary>
public sealed class LivePreviewTests : BunitTestBase
{
    public LivePreviewTests()
    {
        Services.AddSingleton<PlanHtmlRenderer>();
        Services.AddScoped<AssembledPlanService>();
    }

    [Fact]
    public async Task ThePreviewNamesTheVersionWhoseTextItShows()
    {
        await SignInAsync("vicechair@plan.test", Role.ViceChair);
        int sectionId, authorId;
        await using (var db = Database.CreateContext())
        {
            sectionId = await db.Sections.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            authorId = await db.People.Select(p => p.Id).FirstAsync();
        }
        var session = (await Services.GetRequiredService<DocumentSessionRegistry>().GetAsync(sectionId))!;

        var cut = Render<LivePreview>(p => p.Add(x => x.SectionId, sectionId).Add(x => x.InitialMarkdown, "이전 본문"));
        cut.WaitForAssertion(() => Assert.Equal(session.Current().Version, cut.Instance.Version));
        Assert.DoesNotContain("SNEAKED", cut.Markup, StringComparison.Ordinal);

        var (version, text) = session.Current();
        var typed = await session.PushAsync(version, [new ClientUpdate(ChangeSet.Of(text.Length, text.Length, text.Length, " SNEAKED"), "test")], authorId);

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(typed.Version, cut.Instance.Version);
            Assert.Contains("SNEAKED", cut.Markup, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10));
    }
}
