using System.Text;
using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Export;

/// <summary>The plan as one self-contained HTML file: styles inline, no scripts, nothing fetched.</summary>
public sealed class HtmlExporter(PlanHtmlRenderer renderer) : IPlanExporter
{
    public ExportFormat Format => ExportFormat.Html;
    public string ContentType => "text/html; charset=utf-8";
    public string Extension => "html";

    public async Task WriteAsync(AssembledPlan plan, PlanLabels labels, Stream output, CancellationToken ct = default) =>
        await output.WriteAsync(new UTF8Encoding(false).GetBytes(renderer.DocumentHtml(plan, labels)), ct);
}
