using Ganss.Xss;
using Markdig;

namespace PlanWorkspace.App.Services;

/// <summary>
/// Markdown to safe HTML. Raw HTML in the source is shown as text (Markdig's DisableHtml), and
/// the output is still run through an allow-list sanitiser, so neither a <c>&lt;script&gt;</c>
/// nor a <c>javascript:</c> link can reach the page.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = new();

    public string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var html = Markdown.ToHtml(markdown, _pipeline);
        return _sanitizer.Sanitize(html);
    }
}
