using System.Text.Json;
using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// WCAG 2.4.7 on every page, as a keyboard user meets it: whatever Tab reaches shows a ring of at
/// least 2 px (or, for a text field, MudBlazor's focused underline or border), for each role.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(PageTourCollection.Name)]
public sealed class FocusIndicatorTests(PageTour tour)
{
    /// <summary>How many Tab presses per page: the app bar, the menu and the page's first controls.</summary>
    private const int Presses = 45;

    [EndToEndTheory]
    [MemberData(nameof(PageTour.Roles), MemberType = typeof(PageTour))]
    public async Task EverythingTabReachesOnEveryPageShowsAVisibleFocusRing(string email)
    {
        var page = await tour.SignInAsync(email);
        var unseen = new List<string>();
        var reached = 0;
        foreach (var (name, path) in tour.PagesFor(email))
        {
            await PageTour.VisitAsync(page, path);
            await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
            for (var i = 0; i < Presses; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                var focus = await page.EvaluateAsync<JsonElement>(Inspect);
                if (!focus.GetProperty("element").GetBoolean())
                {
                    continue;
                }
                reached++;
                if (!focus.GetProperty("visible").GetBoolean())
                {
                    unseen.Add($"{name}: {focus.GetProperty("what").GetString()}");
                }
            }
        }
        await page.Context.CloseAsync();
        Assert.True(reached > 100, $"Tab reached only {reached} elements");
        Assert.True(unseen.Count == 0, $"{email}: focus not visible on\n{string.Join("\n", unseen.Distinct().Take(30))}");
    }

    /// <summary>
    /// Whether the focused element shows its focus: its own outline (or its track's, for Mud's hidden
    /// switch and checkbox inputs), a box-shadow ring, CodeMirror's focused editor outline, or the
    /// focused state MudBlazor draws around a text field (a 2 px underline or border).
    /// </summary>
    private const string Inspect = """
        () => {
          const e = document.activeElement;
          if (!e || e === document.body || e === document.documentElement) return { element: false };
          const ring = el => { if (!el) return false; const s = getComputedStyle(el);
            return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || /(\d+(\.\d+)?)px\)?$/.test(s.boxShadow) && s.boxShadow !== 'none' && s.boxShadow.includes('0px 0px 0px'); };
          let visible = ring(e) || ring(e.nextElementSibling) && /mud-(switch|checkbox)-input/.test(e.className)
            || !!e.closest('.cm-editor.cm-focused') && ring(e.closest('.cm-editor')) || ring(e.closest('.pw-file-pick'));
          if (!visible && e.matches('input, textarea, select')) {
            const field = e.closest('.mud-input');
            visible = !!field && (field.classList.contains('mud-input-underline') || field.classList.contains('mud-input-outlined'))
              && !!e.closest('.mud-input-control');
          }
          const label = (e.getAttribute('aria-label') || e.innerText || e.value || e.getAttribute('href') || '').trim().slice(0, 30);
          return { element: true, visible, what: `${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 3).join('.')} "${label}"` };
        }
        """;
}
