using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig.Extensions.Tables;
using Markdig.Renderers.Html;
using Markdig.Renderers;
using Markdig.Syntax;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation;

/// <summary>The frozen draft rendered for one culture: contents, body, and each section's place and anchor count.</summary>
public sealed record FrozenPlan(string TocHtml, string BodyHtml, IReadOnlyList<ConsultationSection> Sections)
{
    /// <summary>A hash of the rendered HTML (hex, 32 characters), the base of the page's ETag.</summary>
    public string Hash => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(TocHtml + "\0" + BodyHtml)))[..32].ToLowerInvariant();
}

/// <summary>
/// Renders an assembled plan (a named version) for the public page with the same numbering and
/// shortcode cards as the plan views (<see cref="PlanHtmlRenderer.ParseSection"/>, the plan's
/// shortcode renderers), and gives every block a stable anchor: section <c>s3</c>, paragraph
/// <c>s3-p12</c>. Ids authors wrote with Markdown attributes are dropped so that only these exist.
/// </summary>
public sealed class FrozenPlanRenderer
{

    public FrozenPlan Render(AssembledPlan plan, PlanLabels labels, string slug, string contentsTitle, string opinionLinkText)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(labels);
        var english = labels.Culture.TwoLetterISOLanguageName == "en";
        var toc = new StringBuilder();
        var body = new StringBuilder();
        var sections = new List<ConsultationSection>();
        toc.Append("<nav class=\"consult-toc\" aria-labelledby=\"toc-title\"><h2 id=\"toc-title\">").Append(E(contentsTitle)).Append("</h2><ol>");
        var ordinal = 0;
        foreach (var assembledBody in plan.Bodies)
        {
            var bodyName = $"{assembledBody.Number} {assembledBody.Body.DisplayName(english)}";
            toc.Append("<li><span class=\"toc-body\">").Append(E(bodyName)).Append("</span><ol>");
            body.Append("<section class=\"plan-body\" aria-label=\"").Append(E(bodyName)).Append("\"><h2>").Append(E(bodyName)).Append("</h2>\n");
            foreach (var section in assembledBody.Sections)
            {
                ordinal++;
                var anchor = ParagraphAnchor.OfSection(ordinal);
                var heading = $"{section.Number} {section.Title}";
                toc.Append("<li><a href=\"#").Append(anchor).Append("\">").Append(E(heading)).Append("</a></li>");
                var (html, paragraphs) = SectionHtml(section, plan.Facts, labels, ordinal);
                body.Append("<section class=\"plan-section\" id=\"").Append(anchor).Append("\" data-section=\"").Append(ordinal)
                    .Append("\" aria-labelledby=\"").Append(anchor).Append("-title\"><h3 id=\"").Append(anchor).Append("-title\">").Append(E(heading)).Append("</h3>\n")
                    .Append(html)
                    .Append("<p class=\"section-opinion\"><a href=\"/consult/").Append(E(slug)).Append("/opinion?section=").Append(ordinal).Append("\">")
                    .Append(E(opinionLinkText)).Append("</a></p></section>\n");
                sections.Add(new ConsultationSection
                {
                    Ordinal = ordinal,
                    SectionId = section.Id,
                    BodyId = section.BodyId,
                    Heading = $"{assembledBody.Number} {heading}",
                    Version = section.Version,
                    Paragraphs = paragraphs,
                });
            }
            toc.Append("</ol></li>");
            body.Append("</section>\n");
        }
        toc.Append("</ol></nav>");
        return new FrozenPlan(toc.ToString(), body.ToString(), sections);
    }

    private (string Html, int Paragraphs) SectionHtml(AssembledSection section, PlanFacts facts, PlanLabels labels, int ordinal)
    {
        var document = PlanHtmlRenderer.ParseSection(section);
        foreach (var node in document.Descendants())
        {
            // Only our anchors carry ids: a `{#s1-p1}` written in the text would collide with them.
            if (node.TryGetAttributes() is { } attributes)
            {
                attributes.Id = null;
            }
        }
        var paragraphs = 0;
        foreach (var block in document.Descendants<Block>())
        {
            if (IsAnchored(block))
            {
                block.GetAttributes().Id = ParagraphAnchor.Of(ordinal, ++paragraphs);
            }
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        PlanHtmlRenderer.Pipeline.Setup(renderer);
        var shortcodes = new ShortcodeHtml(facts, section.BodyId, labels);
        renderer.ObjectRenderers.Insert(0, new ShortcodeBlockHtmlRenderer(shortcodes));
        renderer.ObjectRenderers.Insert(0, new ShortcodeInlineHtmlRenderer(shortcodes));
        renderer.Render(document);
        writer.Flush();
        return (HtmlPolicy.SanitizeWithAnchors(writer.ToString()), paragraphs);
    }

    /// <summary>Headings, paragraphs (a list item's own paragraph is anchored by its item), list items and tables.</summary>
    private static bool IsAnchored(Block block) => block switch
    {
        HeadingBlock => true,
        ParagraphBlock p => p.Parent is not ListItemBlock,
        ListItemBlock => true,
        Table => true,
        _ => false,
    };

    internal static string E(string text) => PlanHtmlRenderer.E(text);
}
