using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>An advisor suggests and comments in one browser; the chair sees it live in another and decides.</summary>
[Trait("Category", "EndToEnd")]
public sealed class ReviewTests : BrowserTest
{
    /// <summary>Selects <paramref name="phrase"/> in the editor by dragging the mouse across it, as a reader would.</summary>
    private static async Task DragSelectAsync(IPage page, string phrase)
    {
        var box = await page.EvaluateAsync<double[]>(@"async phrase => {
            const view = document.querySelector('[data-testid=editor-host]').pwEditor.view;
            const from = view.state.doc.toString().indexOf(phrase);
            view.dispatch({ effects: view.constructor.scrollIntoView(from, { y: 'center' }) });
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            view.dom.scrollIntoView({ block: 'nearest' });
            await new Promise(r => requestAnimationFrame(r));
            const start = view.coordsAtPos(from, 1), end = view.coordsAtPos(from + phrase.length, -1);
            return [start.left + 1, (start.top + start.bottom) / 2, end.right - 1, (end.top + end.bottom) / 2];
        }", phrase);
        await page.Mouse.MoveAsync((float)box[0], (float)box[1]);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)box[2], (float)box[3], new() { Steps = 8 });
        await page.Mouse.UpAsync();
        var selected = await page.EvaluateAsync<string>("() => { const v = document.querySelector('[data-testid=editor-host]').pwEditor.view; const s = v.state.selection.main; return v.state.sliceDoc(s.from, s.to); }");
        Assert.Equal(phrase, selected);
    }

    [EndToEndFact]
    public async Task AnAdvisorSuggestsTheChairAcceptsLiveAndTheyDiscussAPassage()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var advisor = await OpenSectionAsync("advisor1@plan.local", sectionId, "en-US");
        var chair = await OpenSectionAsync("chair.industry-ax@plan.local", sectionId, "ko-KR");
        var text = await EditorTextAsync(advisor);
        var phrase = text.Split('\n').Select(l => l.Trim()).First(l => l.Length > 20 && !l.StartsWith('#') && !l.StartsWith('-') && !l.StartsWith('|') && !l.Contains('*'))[..12];

        // The advisor selects a passage with the mouse and proposes a replacement with a reason.
        await DragSelectAsync(advisor, phrase);
        await advisor.GetByTestId("suggest").ClickAsync();
        await Assertions.Expect(advisor.GetByTestId("compose-quote")).ToHaveTextAsync(phrase);
        await advisor.Locator("textarea[data-testid=compose-replacement]").FillAsync("AI 기반 제조혁신");
        await advisor.Locator("input[data-testid=compose-reason]").FillAsync("용어 통일");
        await advisor.GetByTestId("compose-submit").ClickAsync();

        // The chair sees it appear without reloading: a card and the proposed text inline.
        var card = chair.GetByTestId("suggestion-card");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card).ToContainTextAsync("AI 기반 제조혁신");
        await Assertions.Expect(card).ToContainTextAsync("임도윤");
        // Re-rendered by the advisor's (English) action, the chair's panel stays in Korean.
        await Assertions.Expect(chair.GetByTestId("review-panel")).ToContainTextAsync("검토 의견");
        await Assertions.Expect(chair.GetByTestId("presence-panel")).ToContainTextAsync("임도윤");
        await Assertions.Expect(card).ToContainTextAsync("대기");
        await Assertions.Expect(chair.Locator("[data-testid=editor] .pw-sugg-ins")).ToHaveTextAsync("AI 기반 제조혁신");
        await Assertions.Expect(chair.Locator("[data-testid=editor] .pw-sugg-del")).ToHaveTextAsync(phrase);
        await Assertions.Expect(advisor.GetByTestId("suggestion-withdraw")).ToBeVisibleAsync();
        await Assertions.Expect(advisor.GetByTestId("suggestion-accept")).ToHaveCountAsync(0); // advisors do not decide
        await chair.ScreenshotAsync(new() { Path = Artifact("review-suggestion-ko.png"), FullPage = true });

        // Clicking the inline suggestion finds its card; the chair accepts it.
        await chair.Locator("[data-testid=editor] .pw-sugg-del").ClickAsync();
        await Assertions.Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("pw-review-card-active"));
        await chair.GetByTestId("suggestion-accept").ClickAsync();
        await Assertions.Expect(chair.GetByTestId("suggestion-card")).ToHaveCountAsync(0); // pending filter: it is decided
        await Assertions.Expect(chair.Locator("[data-testid=editor] .pw-sugg-ins")).ToHaveCountAsync(0);
        await advisor.WaitForFunctionAsync("() => document.querySelector('[data-testid=editor-host]').pwEditor.text.includes('AI 기반 제조혁신')");
        var chairText = await EditorTextAsync(chair);
        Assert.Equal(chairText, await EditorTextAsync(advisor));
        Assert.Contains("AI 기반 제조혁신", chairText, StringComparison.Ordinal);
        var (logText, _) = await Server.ReplayOpLogAsync(sectionId);
        Assert.Equal(logText, chairText);

        // "Colour by author" in the live editor credits the accepted suggestion to the advisor.
        await chair.Locator("input[data-testid=authorship-switch]").CheckAsync();
        await Assertions.Expect(chair.Locator("[data-testid=editor] .pw-author[data-author=임도윤]")).ToHaveTextAsync("AI 기반 제조혁신");
        await Assertions.Expect(chair.GetByTestId("authorship-legend").Filter(new() { HasText = "임도윤" })).ToHaveCountAsync(1);
        await chair.ScreenshotAsync(new() { Path = Artifact("authorship-editor-ko.png"), FullPage = true });
        await chair.Locator("input[data-testid=authorship-switch]").UncheckAsync();
        await Assertions.Expect(chair.Locator("[data-testid=editor] .pw-author")).ToHaveCountAsync(0);

        // A comment thread with a mention, and a reply from the chair.
        var discussed = chairText.Split('\n').Where(l => l.StartsWith("### ", StringComparison.Ordinal)).ElementAt(1)["### ".Length..].Trim();
        await DragSelectAsync(advisor, discussed);
        await advisor.GetByTestId("comment").ClickAsync();
        await advisor.Locator("textarea[data-testid=compose-comment]").FillAsync("@이서연 근거 자료가 필요합니다.");
        await advisor.GetByTestId("compose-submit").ClickAsync();
        await chair.Locator("[data-testid=review-panel] .mud-tab").Nth(1).ClickAsync();
        var thread = chair.GetByTestId("thread-card");
        await Assertions.Expect(thread).ToContainTextAsync("근거 자료가 필요합니다");
        await Assertions.Expect(chair.Locator("[data-testid=thread-comment].pw-comment-mention")).ToHaveCountAsync(1);
        await Assertions.Expect(chair.Locator("[data-testid=editor] .pw-thread")).ToHaveTextAsync(discussed);
        await chair.Locator("[data-testid=thread-reply-text] textarea, textarea[data-testid=thread-reply-text]").First.FillAsync("다음 회의 자료에 반영하겠습니다.");
        await chair.GetByTestId("thread-reply").ClickAsync();
        await advisor.Locator("[data-testid=review-panel] .mud-tab").Nth(1).ClickAsync();
        await Assertions.Expect(advisor.GetByTestId("thread-comment")).ToHaveCountAsync(2);
        await Assertions.Expect(advisor.GetByTestId("thread-card")).ToContainTextAsync("다음 회의 자료에 반영하겠습니다.");
        await advisor.ScreenshotAsync(new() { Path = Artifact("review-thread-en.png"), FullPage = true });
        await chair.ScreenshotAsync(new() { Path = Artifact("review-thread-ko.png"), FullPage = true });

        // The advisor resolves their thread; the highlight goes away for both.
        await advisor.GetByTestId("thread-resolve").ClickAsync();
        await Assertions.Expect(chair.Locator("[data-testid=editor] .pw-thread")).ToHaveCountAsync(0);
    }
}
