using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>Keyboard only: both sign in and open the section, an advisor picks a passage and suggests on it, the chair accepts; focus always shows.</summary>
[Trait("Category", "EndToEnd")]
public sealed class KeyboardTests : BrowserTest
{
    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/>; fails after <paramref name="limit"/> presses.</summary>
    private static async Task TabToAsync(IPage page, string selector, int limit = 80)
    {
        for (var i = 0; i < limit; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement?.matches(s)", selector))
            {
                return;
            }
        }
        Assert.Fail($"Tab never reached {selector}");
    }

    private static Task<string> FocusOutlineAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`; }");

    /// <summary>Signs in with the keyboard alone, then opens the section from the dashboard by Tab and Enter.</summary>
    private async Task<IPage> SignInAndOpenSectionByKeyboardAsync(string email, int sectionId, int limit = 200)
    {
        var context = await Chromium.NewContextAsync(new() { BaseURL = Server.BaseAddress.ToString(), ViewportSize = new() { Width = 1500, Height = 1100 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync("/culture/set?culture=ko-KR&redirectUri=%2Faccount%2Flogin");
        await TabToAsync(page, "#email");
        await page.Keyboard.TypeAsync(email);
        await TabToAsync(page, "#password");
        await page.Keyboard.TypeAsync("Plan!2025");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#interactive-ready", new() { State = WaitForSelectorState.Attached });
        await TabToAsync(page, $"a[href='sections/{sectionId}']", limit);
        Assert.Matches(@"^solid [3-9]px ", await FocusOutlineAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/sections/{sectionId}");
        await WaitForEditorAsync(page);
        return page;
    }

    [EndToEndFact]
    public async Task AnAdvisorSelectsAPassageAndSuggestsAndTheChairAcceptsWithoutAMouse()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var advisor = await SignInAndOpenSectionByKeyboardAsync("advisor1@plan.local", sectionId);
        var before = await EditorTextAsync(advisor);

        // The text (in suggesting mode for an advisor) is in the Tab order, named, and its caret moves and selects.
        await TabToAsync(advisor, "[data-testid=editor] .cm-content");
        Assert.False(string.IsNullOrEmpty(await advisor.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')")));
        Assert.Equal("suggestingMode", await advisor.GetByTestId("editor-status").GetAttributeAsync("data-state"));
        await advisor.Keyboard.PressAsync("Control+Home");
        await advisor.Keyboard.PressAsync("Shift+End");
        Assert.Equal(before, await EditorTextAsync(advisor));
        Assert.True(await advisor.EvaluateAsync<bool>("() => document.querySelector('[data-testid=editor-host]').pwEditor.draft === null"));
        var firstLine = before.Split('\n')[0];
        var selected = await advisor.EvaluateAsync<string>("() => { const v = document.querySelector('[data-testid=editor-host]').pwEditor.view; const r = v.state.selection.main; return v.state.sliceDoc(r.from, r.to); }");
        Assert.Equal(firstLine, selected);

        // On to 수정 제안: its focus ring shows; Enter opens the form on the selected passage.
        await TabToAsync(advisor, "[data-testid=suggest]");
        Assert.Matches(@"^solid [3-9]px ", await FocusOutlineAsync(advisor));
        await advisor.Keyboard.PressAsync("Enter");
        await Assertions.Expect(advisor.GetByTestId("compose-quote")).ToHaveTextAsync(firstLine);
        await TabToAsync(advisor, "textarea[data-testid=compose-replacement], [data-testid=compose-replacement] textarea");
        await advisor.Keyboard.PressAsync("Control+A"); // the field starts with the passage; replace it
        await advisor.Keyboard.TypeAsync("## 추진 배경과 목표");
        await TabToAsync(advisor, "[data-testid=compose-submit]");
        await advisor.Keyboard.PressAsync("Enter");
        await Assertions.Expect(advisor.GetByTestId("suggestion-card")).ToHaveCountAsync(1);

        // The chair reaches 수락 by Tab and accepts with Enter.
        var chair = await SignInAndOpenSectionByKeyboardAsync("chair.industry-ax@plan.local", sectionId);
        await Assertions.Expect(chair.GetByTestId("suggestion-card")).ToHaveCountAsync(1);
        await TabToAsync(chair, "[data-testid=suggestion-accept]", limit: 120);
        Assert.Matches(@"^solid [3-9]px ", await FocusOutlineAsync(chair));
        await chair.ScreenshotAsync(new() { Path = Artifact("keyboard-accept-focus-ko.png") });
        await chair.Keyboard.PressAsync("Enter");
        Assert.StartsWith("## 추진 배경과 목표\n", await WaitForEditorTextAsync(chair, "## 추진 배경과 목표\n"));
        var (logText, _) = await Server.ReplayOpLogAsync(sectionId);
        Assert.StartsWith("## 추진 배경과 목표\n", logText);
    }
}
