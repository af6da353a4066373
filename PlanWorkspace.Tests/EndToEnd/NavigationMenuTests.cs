using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>The menu shows what each role can use, marks exactly one page as current, and folds into an overflow menu on phones.</summary>
[Trait("Category", "EndToEnd")]
[Collection(PageTourCollection.Name)]
public sealed class NavigationMenuTests(PageTour tour)
{
    [EndToEndFact]
    public async Task TheReviewQueueIsInTheMenuOnlyForTheViceChair()
    {
        foreach (var (email, shown) in new[] { ("vicechair@plan.local", 1), ("chair.industry-ax@plan.local", 0), ("advisor1@plan.local", 0) })
        {
            var page = await tour.SignInAsync(email);
            await Assertions.Expect(page.Locator("nav[aria-label] a[href='review-queue']")).ToHaveCountAsync(shown);
            await Assertions.Expect(page.Locator("nav[aria-label] a[href='review']")).ToHaveCountAsync(1);
            await page.Context.CloseAsync();
        }
    }

    [EndToEndFact]
    public async Task EveryPageHighlightsExactlyOneMenuItem()
    {
        var page = await tour.SignInAsync("vicechair@plan.local");
        // Sections, the notifications (the bell's page) and the consultation's own pages have no menu item.
        foreach (var (name, path) in tour.PagesFor("vicechair@plan.local")
                     .Where(p => !p.Path.StartsWith("/sections/", StringComparison.Ordinal) && !p.Path.StartsWith("/consult/", StringComparison.Ordinal) && p.Path != "/notifications"))
        {
            await PageTour.VisitAsync(page, path);
            var active = page.Locator(".mud-navmenu a.active");
            await Assertions.Expect(active).ToHaveCountAsync(1, new() { Timeout = 5_000 });
            Assert.Equal(path.TrimStart('/'), await active.GetAttributeAsync("href"));
        }
        await page.Context.CloseAsync();
    }

    [EndToEndFact]
    public async Task OnAPhoneTheAccountControlsAreInAnOverflowMenu()
    {
        var page = await tour.SignInAsync("chair.industry-ax@plan.local", "en-US", width: 360, height: 780);
        await Assertions.Expect(page.GetByTestId("current-user")).ToBeHiddenAsync();
        await page.GetByLabel("Account menu").ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-user-narrow")).ToContainTextAsync("Chair");
        await page.WaitForTimeoutAsync(400); // let the menu finish fading in for the screenshot
        await page.ScreenshotAsync(new() { Path = BrowserTest.Artifact("account-menu-en-360.png") });
        await page.GetByTestId("sign-out-narrow").ClickAsync();
        await page.WaitForURLAsync("**/account/login**");
        await page.Context.CloseAsync();
    }
}
