using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Export;

/// <summary>The formats the assembled plan exports to.</summary>
public enum ExportFormat
{
    Hwpx,
    Docx,
    Pdf,
    Markdown,
    Html,
}

/// <summary>
/// Writes an <see cref="AssembledPlan"/> in one format. Exporters see only the model, so the live
/// plan and a named plan version export the same way.
/// </summary>
public interface IPlanExporter
{
    ExportFormat Format { get; }
    string ContentType { get; }
    /// <summary>File extension without the dot.</summary>
    string Extension { get; }

    Task WriteAsync(AssembledPlan plan, PlanLabels labels, Stream output, CancellationToken ct = default);
}
