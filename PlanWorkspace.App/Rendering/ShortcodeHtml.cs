using System.Text;
using Markdig.Renderers.Html;
using Markdig.Renderers;
using static PlanWorkspace.App.Rendering.PlanHtmlRenderer;

namespace PlanWorkspace.App.Rendering;

/// <summary>The HTML of resolved shortcodes: a target card, the initiatives table, or a warning. Every value is HTML-encoded.</summary>
internal sealed class ShortcodeHtml(PlanFacts facts, int bodyId, PlanLabels labels)
{
    public string Block(Shortcode shortcode) => ShortcodeResolver.Resolve(shortcode, facts, bodyId, labels) switch
    {
        TargetCard card => TargetCardHtml(card),
        InitiativeTable table => InitiativeTableHtml(table),
        ShortcodeWarning warning => $"<div class=\"shortcode-warning\">⚠ {E(warning.Message)}</div>\n",
        _ => string.Empty,
    };

    public string Inline(Shortcode shortcode) => ShortcodeResolver.Resolve(shortcode, facts, bodyId, labels) switch
    {
        TargetCard card => $"<span class=\"target-inline\">{E(card.Target.Name)}: {E(labels.Measure(card.Target.BaselineValue, card.Target.Unit, card.Target.BaselineYear))} → {E(labels.Measure(card.Target.TargetValue, card.Target.Unit, card.Target.TargetYear))}</span>",
        InitiativeTable table => $"<span class=\"initiatives-inline\">{E(string.Join(", ", table.Initiatives.Select(i => i.Title)))}</span>",
        ShortcodeWarning warning => $"<span class=\"shortcode-warning\">⚠ {E(warning.Message)}</span>",
        _ => string.Empty,
    };

    private string TargetCardHtml(TargetCard card)
    {
        var t = card.Target;
        var html = new StringBuilder();
        html.Append("<div class=\"plan-card target-card\"><div class=\"plan-card-title\">").Append(E(t.Name)).Append("</div><table class=\"plan-card-facts\"><tbody>");
        Row(labels.Unit, E(t.Unit));
        Row(labels.Baseline, E(labels.Measure(t.BaselineValue, t.Unit, t.BaselineYear)));
        Row(labels.Target, E(labels.Measure(t.TargetValue, t.Unit, t.TargetYear)));
        if (t.LatestValue is { } latest)
        {
            Row(labels.Latest, E(labels.Value(latest, t.Unit)) + (t.LatestDate is { } d ? E($" ({d.ToString("d", labels.Culture)})") : string.Empty));
        }
        Row(labels.Status, $"<span class=\"target-status target-status-{card.Status.ToString().ToLowerInvariant()}\">{E(labels.StatusOf(card.Status))}</span>");
        html.Append("</tbody></table></div>\n");
        return html.ToString();

        void Row(string label, string valueHtml) => html.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(valueHtml).Append("</td></tr>");
    }

    private string InitiativeTableHtml(InitiativeTable table)
    {
        if (table.Initiatives.Count == 0)
        {
            return $"<p class=\"plan-empty\">{E(labels.NoInitiatives)}</p>\n";
        }
        var html = new StringBuilder("<table class=\"plan-table initiatives-table\"><thead><tr>");
        foreach (var header in InitiativeHeaders(labels))
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var row in InitiativeRows(table))
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>\n").ToString();
    }

    public static string[] InitiativeHeaders(PlanLabels labels) =>
        [labels.Code, labels.Initiative, labels.LeadMinistry, labels.SupportingMinistries, labels.LinkedTargets];

    public static IEnumerable<string[]> InitiativeRows(InitiativeTable table) =>
        table.Initiatives.Select(i => new[]
        {
            i.Code, i.Title, i.LeadMinistry,
            i.SupportingMinistries.Count == 0 ? "—" : string.Join(", ", i.SupportingMinistries),
            i.Targets.Count == 0 ? "—" : string.Join(", ", i.Targets.Select(t => t.Name)),
        });
}

// Without plan data (history views) a shortcode is shown as written.
internal sealed class ShortcodeBlockHtmlRenderer(ShortcodeHtml? html) : HtmlObjectRenderer<ShortcodeBlock>
{
    protected override void Write(HtmlRenderer renderer, ShortcodeBlock obj) =>
        renderer.Write(html?.Block(obj.Shortcode) ?? $"<p><code class=\"shortcode-source\">{E(obj.Shortcode.ToString())}</code></p>\n");
}

internal sealed class ShortcodeInlineHtmlRenderer(ShortcodeHtml? html) : HtmlObjectRenderer<ShortcodeInline>
{
    protected override void Write(HtmlRenderer renderer, ShortcodeInline obj) =>
        renderer.Write(html?.Inline(obj.Shortcode) ?? $"<code class=\"shortcode-source\">{E(obj.Shortcode.ToString())}</code>");
}
