namespace PlanWorkspace.App.Rendering;

/// <summary>
/// Markdown to safe HTML where no plan data is at hand (history and its diffs): the plan's own
/// pipeline and the one sanitiser policy (<see cref="HtmlPolicy"/>), shortcodes shown as written.
/// </summary>
public sealed class MarkdownRenderer
{
    public string ToHtml(string markdown) => PlanHtmlRenderer.SourceHtml(markdown);
}
