using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Review;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>In 제안 모드 a writer's typing, deleting and pasting become suggestions, never edits.</summary>
[Trait("Category", "EndToEnd")]
public sealed class SuggestingModeTests : BrowserTest
{
    private const string Editor = "document.querySelector('[data-testid=editor-host]').pwEditor";

    /// <summary>Types Hangul as an IME does: composition updates (ㅎ → 하 → 한), then the committed syllable.</summary>
    private static async Task ComposeAsync(ICDPSession cdp, params string[][] syllables)
    {
        foreach (var steps in syllables)
        {
            foreach (var step in steps)
            {
                await cdp.SendAsync("Input.imeSetComposition", new Dictionary<string, object>
                {
                    ["text"] = step, ["selectionStart"] = step.Length, ["selectionEnd"] = step.Length,
                });
                await Task.Delay(40);
            }
            await cdp.SendAsync("Input.insertText", new Dictionary<string, object> { ["text"] = steps[^1] });
            await Task.Delay(40);
        }
    }

    private async Task<List<Suggestion>> SuggestionsAsync(int sectionId)
    {
        await using var db = await Server.Service<IDbContextFactory<PlanDbContext>>().CreateDbContextAsync();
        return await db.Suggestions.AsNoTracking().Where(s => s.SectionId == sectionId).OrderBy(s => s.Id).ToListAsync();
    }

    private async Task<List<Suggestion>> WaitForSuggestionsAsync(int sectionId, Func<List<Suggestion>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<Suggestion> found;
        while (!done(found = await SuggestionsAsync(sectionId)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(150);
        }
        return found;
    }

    /// <summary>Puts the caret at the end of the first line that starts with <paramref name="prefix"/>; returns that line.</summary>
    private static Task<string> CaretAtEndOfLineAsync(IPage page, string prefix) =>
        page.EvaluateAsync<string>(@"prefix => {
            const view = document.querySelector('[data-testid=editor-host]').pwEditor.view;
            for (let n = 1; n <= view.state.doc.lines; n++) {
                const line = view.state.doc.line(n);
                if (line.text.startsWith(prefix)) { view.focus(); view.dispatch({ selection: { anchor: line.to } }); return line.text; }
            }
            return null;
        }", prefix);

    [EndToEndFact]
    public async Task AChairTypesASuggestionOnAnAdvisorsBehalfAndEveryCardNamesTheAdvisor()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var advisor = await Server.ActorAsync("advisor1@plan.local");
        var chair = await OpenSectionAsync("chair.industry-ax@plan.local", sectionId);
        var before = await EditorTextAsync(chair);
        var firstLine = before.Split('\n')[0];

        await chair.Locator("input[data-testid=suggesting-mode]").CheckAsync();
        await chair.Locator(".pw-on-behalf").First.ClickAsync();
        var onBehalf = chair.GetByRole(AriaRole.Option, new() { Name = "임도윤 님 대신 제안" });
        await onBehalf.ClickAsync();
        // The menu hands focus back to its button as it closes; the caret goes into the editor after that.
        await Assertions.Expect(onBehalf).ToBeHiddenAsync();
        Assert.Equal(firstLine, await CaretAtEndOfLineAsync(chair, firstLine));
        await Assertions.Expect(chair.Locator("[data-testid=editor] .cm-content")).ToBeFocusedAsync();
        var cdp = await chair.Context.NewCDPSessionAsync(chair);
        await ComposeAsync(cdp, ["ㄱ", "기"], ["ㅇ", "이", "입"]);
        await chair.Keyboard.PressAsync("ArrowUp"); // a caret move sends the draft

        var stored = await WaitForSuggestionsAsync(sectionId, found => found.Any(s => s.OnBehalfOfId == advisor.PersonId));
        var suggestion = Assert.Single(stored, s => s.OnBehalfOfId == advisor.PersonId);
        Assert.Equal("기입", suggestion.Replacement);
        await Assertions.Expect(chair.Locator($"[data-testid=suggestion-card][data-mark-id=s{suggestion.Id}] [data-testid=suggestion-on-behalf]"))
            .ToHaveTextAsync("임도윤 님 대신 제안");
        await chair.ScreenshotAsync(new() { Path = Artifact("suggest-on-behalf-ko-1440.png") });

        var english = await SignInAsync("secretariat@plan.local", "en-US", 360, 780);
        await OpenAsync(english, $"/sections/{sectionId}");
        await WaitForEditorAsync(english);
        var card = english.Locator($"[data-testid=suggestion-card][data-mark-id=s{suggestion.Id}]");
        await Assertions.Expect(card.GetByTestId("suggestion-on-behalf")).ToHaveTextAsync("Proposed on behalf of 임도윤");
        await card.ScrollIntoViewIfNeededAsync();
        await english.ScreenshotAsync(new() { Path = Artifact("suggest-on-behalf-en-360.png") });
        Assert.Equal(before, await EditorTextAsync(chair)); // a suggestion, not an edit
    }

    [EndToEndFact]
    public async Task KoreanTypedInSuggestingModeBecomesOneGrowingSuggestionThatOthersSeeLiveAndNothingReachesTheOpLog()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var chair = await OpenSectionAsync("chair.industry-ax@plan.local", sectionId);
        var secretary = await OpenSectionAsync("secretariat@plan.local", sectionId);
        var before = await EditorTextAsync(chair);
        var (_, versionBefore) = await Server.ReplayOpLogAsync(sectionId);
        var firstLine = before.Split('\n')[0];

        await chair.Locator("input[data-testid=suggesting-mode]").CheckAsync();
        await Assertions.Expect(chair.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "suggestingMode");
        Assert.Equal(firstLine, await CaretAtEndOfLineAsync(chair, firstLine));

        // Hangul through the IME: it shows inline as a draft and the status says it is not sent yet.
        var cdp = await chair.Context.NewCDPSessionAsync(chair);
        await ComposeAsync(cdp, ["ㅎ", "하", "한"], ["ㄱ", "그", "글"]);
        Assert.Equal("suggesting", await chair.GetByTestId("editor-status").GetAttributeAsync("data-state"));
        await Assertions.Expect(chair.GetByTestId("suggestion-draft")).ToHaveTextAsync("한글");
        Assert.Equal(before, await EditorTextAsync(chair));

        // After a pause it is a suggestion: stored, drawn in the other writer's editor, a card in both panels.
        var stored = await WaitForSuggestionsAsync(sectionId, s => s.Count == 1);
        var suggestion = Assert.Single(stored);
        Assert.Equal(("", "한글", SuggestionState.Open), (suggestion.Quote, suggestion.Replacement, suggestion.State));
        Assert.Equal(firstLine.Length, suggestion.Anchor.From);
        await Assertions.Expect(secretary.Locator("[data-testid=editor] .pw-sugg-ins")).ToHaveTextAsync("한글");
        await Assertions.Expect(chair.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "suggestingMode");
        await Assertions.Expect(chair.GetByTestId("suggestion-card")).ToContainTextAsync("한글");

        // Typing on at its edge grows the same suggestion (one card, one row), with Latin keys and Backspace too.
        await chair.Keyboard.TypeAsync(" AIx", new() { Delay = 30 });
        await chair.Keyboard.PressAsync("Backspace");
        stored = await WaitForSuggestionsAsync(sectionId, s => s.Count == 1 && s[0].Replacement == "한글 AI");
        Assert.Equal("한글 AI", Assert.Single(stored).Replacement);
        await Assertions.Expect(secretary.Locator("[data-testid=editor] .pw-sugg-ins")).ToHaveTextAsync("한글 AI");
        await Assertions.Expect(secretary.GetByTestId("suggestion-card")).ToHaveCountAsync(1);

        // Nothing of it is in the text or the op log.
        Assert.Equal(before, await EditorTextAsync(chair));
        Assert.Equal(before, await EditorTextAsync(secretary));
        var (logText, versionAfter) = await Server.ReplayOpLogAsync(sectionId);
        Assert.Equal((before, versionBefore), (logText, versionAfter));
        await chair.ScreenshotAsync(new() { Path = Artifact("suggesting-mode-ko.png"), FullPage = true });

        // The secretariat accepts it like any other: now it is an edit, credited to the chair.
        await secretary.GetByTestId("suggestion-accept").ClickAsync();
        await chair.WaitForFunctionAsync($"() => {Editor}.text.startsWith({System.Text.Json.JsonSerializer.Serialize(firstLine + "한글 AI")})");
        (logText, _) = await Server.ReplayOpLogAsync(sectionId);
        Assert.StartsWith(firstLine + "한글 AI\n", logText, StringComparison.Ordinal);
    }

    [EndToEndFact]
    public async Task DeletingAndPastingInSuggestingModeSuggestAndMovingTheCaretFinishesTheSuggestion()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var chair = await OpenSectionAsync("chair.industry-ax@plan.local", sectionId, "en-US");
        var before = await EditorTextAsync(chair);
        var firstLine = before.Split('\n')[0];
        await chair.Locator("input[data-testid=suggesting-mode]").CheckAsync();

        // Two Backspaces at the end of the first line strike out its last two characters (one deletion).
        await CaretAtEndOfLineAsync(chair, firstLine);
        await chair.Keyboard.PressAsync("Backspace");
        await chair.Keyboard.PressAsync("Backspace");
        Assert.Equal(new[] { firstLine.Length - 2, firstLine.Length }, await chair.EvaluateAsync<int[]>($"() => [{Editor}.draft.from, {Editor}.draft.to]"));
        await Assertions.Expect(chair.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "suggesting");

        // Moving the caret away sends it at once; a paste elsewhere is a second suggestion.
        await chair.Keyboard.PressAsync("Control+End");
        var deletion = Assert.Single(await WaitForSuggestionsAsync(sectionId, s => s.Count == 1));
        Assert.Equal((firstLine[^2..], "", SuggestionKind.Delete), (deletion.Quote, deletion.Replacement, deletion.Kind));
        await chair.EvaluateAsync(@"() => {
            const data = new DataTransfer();
            data.setData('text/plain', '붙여넣은 <b>문장</b>');
            document.querySelector('[data-testid=editor] .cm-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }");
        var both = await WaitForSuggestionsAsync(sectionId, s => s.Count == 2);
        Assert.Equal(2, both.Count);
        Assert.Equal(("", "붙여넣은 <b>문장</b>", before.Length), (both[1].Quote, both[1].Replacement, both[1].Anchor.From));
        await Assertions.Expect(chair.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "suggestingMode");
        await Assertions.Expect(chair.Locator("[data-testid=editor] .pw-sugg-ins").Last).ToHaveTextAsync("붙여넣은 <b>문장</b>");
        Assert.Equal(before, await EditorTextAsync(chair));
        Assert.Equal(before, (await Server.ReplayOpLogAsync(sectionId)).Text);
        await chair.ScreenshotAsync(new() { Path = Artifact("suggesting-mode-en.png"), FullPage = true });

        // Switching suggesting mode off makes typing an edit again.
        await chair.Locator("input[data-testid=suggesting-mode]").UncheckAsync();
        await Assertions.Expect(chair.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "saved");
        await chair.EvaluateAsync($"() => {{ const v = {Editor}.view; v.focus(); v.dispatch({{ selection: {{ anchor: v.state.doc.length }} }}); }}");
        await chair.Keyboard.TypeAsync("!");
        await chair.WaitForFunctionAsync($"() => {Editor}.unconfirmed === 0 && {Editor}.text.endsWith('!')");
        Assert.EndsWith("!", (await Server.ReplayOpLogAsync(sectionId)).Text, StringComparison.Ordinal);
    }

    [EndToEndFact]
    public async Task AnAdvisorTypesKoreanAsASuggestionThatTheChairSeesLiveAndAcceptsIntoTheOpLogOnce()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var advisorId = (await Server.ActorAsync("advisor1@plan.local")).PersonId;
        var advisor = await OpenSectionAsync("advisor1@plan.local", sectionId);
        var chair = await OpenSectionAsync("chair.industry-ax@plan.local", sectionId);
        var before = await EditorTextAsync(advisor);
        var (_, versionBefore) = await Server.ReplayOpLogAsync(sectionId);
        var firstLine = before.Split('\n')[0];
        const string typed = "훈민정음";
        var occurrences = CountOf(before, typed);

        // No switch to editing: the advisor's editor is in suggesting mode and says so.
        await Assertions.Expect(advisor.GetByTestId("suggesting-only")).ToBeVisibleAsync();
        await Assertions.Expect(advisor.Locator("input[data-testid=suggesting-mode]")).ToHaveCountAsync(0);
        await Assertions.Expect(advisor.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "suggestingMode");
        Assert.Equal("false", await advisor.Locator("[data-testid=editor] .cm-content").GetAttributeAsync("aria-readonly"));

        // Hangul through the IME at the end of the first line: a draft, and the status does not say "saved".
        Assert.Equal(firstLine, await CaretAtEndOfLineAsync(advisor, firstLine));
        var cdp = await advisor.Context.NewCDPSessionAsync(advisor);
        await ComposeAsync(cdp, ["ㅎ", "후", "훈"], ["ㅁ", "미", "민"], ["ㅈ", "저", "정"], ["ㅇ", "으", "음"]);
        Assert.Equal("suggesting", await advisor.GetByTestId("editor-status").GetAttributeAsync("data-state"));
        await Assertions.Expect(advisor.GetByTestId("suggestion-draft")).ToHaveTextAsync(typed);

        // After the pause it is the advisor's suggestion, drawn live in the chair's editor.
        var stored = await WaitForSuggestionsAsync(sectionId, s => s.Count == 1);
        var suggestion = Assert.Single(stored);
        Assert.Equal((advisorId, "", typed, firstLine.Length), (suggestion.AuthorId, suggestion.Quote, suggestion.Replacement, suggestion.Anchor.From));
        await Assertions.Expect(chair.Locator("[data-testid=editor] .pw-sugg-ins")).ToHaveTextAsync(typed);
        await Assertions.Expect(advisor.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "suggestingMode");
        Assert.Equal((before, versionBefore), await Server.ReplayOpLogAsync(sectionId));
        await advisor.ScreenshotAsync(new() { Path = Artifact("advisor-suggesting-ko-1440.png") });
        await NarrowToPhoneAsync(advisor, 360, 780);
        await advisor.GetByTestId("suggesting-only").ScrollIntoViewIfNeededAsync();
        await advisor.ScreenshotAsync(new() { Path = Artifact("advisor-suggesting-ko-360.png") });

        // The chair accepts it: now it is an edit, in the op log exactly once.
        await chair.Locator($"[data-testid=suggestion-card][data-mark-id=s{suggestion.Id}] [data-testid=suggestion-accept]").ClickAsync();
        await chair.WaitForFunctionAsync($"() => {Editor}.text.startsWith({System.Text.Json.JsonSerializer.Serialize(firstLine + typed)})");
        var (logText, _) = await Server.ReplayOpLogAsync(sectionId);
        Assert.StartsWith(firstLine + typed + "\n", logText, StringComparison.Ordinal);
        Assert.Equal(occurrences + 1, CountOf(logText, typed));
        await WaitForEditorTextAsync(advisor, logText);

        // In English the same page says so too; Latin typing and Backspace make a second suggestion.
        var english = await OpenSectionAsync("advisor1@plan.local", sectionId, "en-US");
        await Assertions.Expect(english.GetByTestId("suggesting-only")).ToContainTextAsync("Suggesting mode");
        await CaretAtEndOfLineAsync(english, firstLine + typed);
        await english.Keyboard.TypeAsync(" (KS)x", new() { Delay = 30 });
        await english.Keyboard.PressAsync("Backspace");
        var both = await WaitForSuggestionsAsync(sectionId, s => s.Count == 2 && s[1].Replacement == " (KS)");
        Assert.Equal(" (KS)", both[^1].Replacement);
        await Assertions.Expect(english.GetByTestId("editor-status")).ToHaveAttributeAsync("data-state", "suggestingMode");
        await english.ScreenshotAsync(new() { Path = Artifact("advisor-suggesting-en-1440.png") });
        await NarrowToPhoneAsync(english, 360, 780);
        await english.GetByTestId("suggesting-only").ScrollIntoViewIfNeededAsync();
        await english.ScreenshotAsync(new() { Path = Artifact("advisor-suggesting-en-360.png") });
        Assert.Equal(logText, (await Server.ReplayOpLogAsync(sectionId)).Text);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
