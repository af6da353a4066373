using System.IO.Compression;
using Microsoft.Playwright;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.EndToEnd;

/// <summary>
/// The sign-off in two browsers: a chair submits, the vice-chair requests changes, the chair edits
/// and resubmits, the vice-chair approves from the review queue and downloads the plan as DOCX and HWPX.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SignOffTests : BrowserTest
{
    [EndToEndFact]
    public async Task AChairSubmitsTheViceChairSendsItBackThenApprovesAndDownloadsThePlan()
    {
        var sectionId = await Server.SectionIdAsync("industry-ax");
        var chair = await SignInAsync("chair.industry-ax@plan.local", "ko-KR");
        var viceChair = await SignInAsync("vicechair@plan.local", "ko-KR");
        await OpenAsync(chair, $"/sections/{sectionId}");
        await WaitForEditorAsync(chair);

        // 1. The chair submits; the vice-chair sees it waiting (notification, dashboard, queue).
        await chair.GetByTestId("submit-section").ClickAsync();
        await Assertions.Expect(chair.Locator("[data-status=Submitted]")).ToBeVisibleAsync();
        await OpenAsync(viceChair, "/");
        await Assertions.Expect(viceChair.GetByTestId("waiting-for-vice-chair")).ToContainTextAsync("산업AX·생태계 분야 추진계획");
        await Assertions.Expect(viceChair.GetByTestId("notification-count")).ToContainTextAsync("1");
        await Assertions.Expect(viceChair.GetByTestId("progress-charts").Locator("svg").First).ToBeVisibleAsync();
        await viceChair.ScreenshotAsync(new() { Path = Artifact("signoff-dashboard-ko.png"), FullPage = true });

        // 2. The vice-chair sends it back from the section page, the note attached to a selected passage.
        await OpenAsync(viceChair, $"/sections/{sectionId}");
        await WaitForEditorAsync(viceChair);
        await viceChair.EvaluateAsync(@"() => {
            const view = document.querySelector('[data-testid=editor-host]').pwEditor.view;
            const from = view.state.doc.toString().indexOf('비전');
            view.dispatch({ selection: { anchor: from, head: from + 2 } });
        }");
        await viceChair.GetByTestId("request-changes").ClickAsync();
        await viceChair.Locator("textarea[data-testid=request-changes-note]").FillAsync("비전 문구를 계획 제목과 맞추세요.");
        await viceChair.GetByTestId("request-changes-send").ClickAsync();
        await Assertions.Expect(viceChair.Locator("[data-status=ChangesRequested]")).ToBeVisibleAsync();

        // The chair sees it live: the status, the note, and the note as a thread on the passage.
        await Assertions.Expect(chair.Locator("[data-status=ChangesRequested]")).ToBeVisibleAsync();
        await Assertions.Expect(chair.Locator("[data-testid=editor] .pw-thread")).ToHaveTextAsync("비전");
        await Assertions.Expect(chair.GetByText("비전 문구를 계획 제목과 맞추세요.").First).ToBeVisibleAsync();

        // 3. The chair edits and resubmits.
        await chair.Locator("[data-testid=editor] .cm-line").Last.ClickAsync();
        await chair.Keyboard.PressAsync("End");
        await chair.Keyboard.TypeAsync(" Revised");
        await chair.WaitForFunctionAsync("() => document.querySelector('[data-testid=editor-host]').pwEditor.unconfirmed === 0");
        await chair.GetByTestId("submit-section").ClickAsync();
        await Assertions.Expect(chair.Locator("[data-status=Submitted]")).ToBeVisibleAsync();

        // 4. The vice-chair approves from the queue, where the change shows as a diff.
        await OpenAsync(viceChair, "/review-queue");
        var item = viceChair.GetByTestId("queue-item");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToContainTextAsync("Revised");
        await viceChair.ScreenshotAsync(new() { Path = Artifact("signoff-queue-ko.png"), FullPage = true });
        await viceChair.GetByTestId("queue-approve").ClickAsync();
        await Assertions.Expect(viceChair.GetByTestId("queue-empty")).ToBeVisibleAsync();
        await Assertions.Expect(chair.Locator("[data-status=Approved]")).ToBeVisibleAsync();

        // 5. Downloads of the assembled plan.
        await OpenAsync(viceChair, "/plan");
        var docx = await viceChair.RunAndWaitForDownloadAsync(() => viceChair.GetByTestId("export-docx").ClickAsync());
        var hwpx = await viceChair.RunAndWaitForDownloadAsync(() => viceChair.GetByTestId("export-hwpx").ClickAsync());
        foreach (var (download, part) in new[] { (docx, "word/document.xml"), (hwpx, "Contents/section0.xml") })
        {
            var path = await download.PathAsync();
            using var zip = ZipFile.OpenRead(path!);
            using var reader = new StreamReader(zip.GetEntry(part)!.Open());
            var xml = await reader.ReadToEndAsync();
            Assert.Contains("Revised", xml, StringComparison.Ordinal);
            Assert.Contains("산업AX", xml, StringComparison.Ordinal);
        }

        // An edit after approval returns the section to drafting and tells the vice-chair.
        await chair.Locator("[data-testid=editor] .cm-line").Last.ClickAsync();
        await chair.Keyboard.PressAsync("End");
        await chair.Keyboard.TypeAsync("!");
        await Assertions.Expect(chair.Locator("[data-status=Drafting]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await OpenAsync(viceChair, "/");
        await viceChair.Locator("[data-testid=notifications] button").First.ClickAsync();
        await Assertions.Expect(viceChair.GetByTestId("notification").Filter(new() { HasText = "승인 후 수정" })).ToHaveCountAsync(1);
        await viceChair.ScreenshotAsync(new() { Path = Artifact("signoff-notifications-ko.png"), FullPage = true });

        // The English dashboard with its charts.
        var english = await SignInAsync("vicechair@plan.local", "en-US");
        await Assertions.Expect(english.GetByTestId("progress-charts")).ToContainTextAsync("Sections by status");
        await english.ScreenshotAsync(new() { Path = Artifact("signoff-dashboard-en.png"), FullPage = true });
    }
}
