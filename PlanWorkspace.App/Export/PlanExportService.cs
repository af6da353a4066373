using System.Globalization;
using Microsoft.Extensions.Localization;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Access;

namespace PlanWorkspace.App.Export;

/// <summary>An exported file, ready to download.</summary>
public sealed record ExportFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Exports the assembled plan in a format: assembles what the actor may read (live, or from another
/// <see cref="ISectionTextSource"/> such as a named plan version) and hands it to the format's exporter.
/// Signed-in actors only; the endpoint and the page both come through here.
/// </summary>
public sealed class PlanExportService(
    AssembledPlanService plans,
    IEnumerable<IPlanExporter> exporters,
    PdfExportGate pdfGate,
    IStringLocalizer<SharedResource> localizer)
{
    /// <summary>Labels in the current UI culture.</summary>
    public PlanLabels Labels() => new(localizer, CultureInfo.CurrentUICulture);

    public IPlanExporter Exporter(ExportFormat format) => exporters.Single(e => e.Format == format);

    /// <summary>
    /// Exports the live plan, or the texts of <paramref name="source"/> when given. A PDF counts
    /// against the actor's per-minute allowance first (<see cref="PdfExportGate"/>), so a refusal
    /// costs nothing.
    /// </summary>
    public async Task<ExportFile> ExportAsync(Actor actor, ExportFormat format, ISectionTextSource? source = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (format == ExportFormat.Pdf)
        {
            pdfGate.CountRequest(actor.PersonId);
        }
        var plan = source is null ? await plans.AssembleAsync(actor, ct) : await plans.AssembleAsync(actor, source, ct);
        return await ExportAsync(plan, format, ct);
    }

    /// <summary>Exports an already assembled plan (the seam for exporting any <see cref="AssembledPlan"/>).</summary>
    public async Task<ExportFile> ExportAsync(AssembledPlan plan, ExportFormat format, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var exporter = Exporter(format);
        using var buffer = new MemoryStream();
        await exporter.WriteAsync(plan, Labels(), buffer, ct);
        return new ExportFile(FileName(plan, exporter.Extension), exporter.ContentType, buffer.ToArray());
    }

    /// <summary>"대한민국 인공지능행동계획(안)-20261126.docx": the title without characters file systems refuse.</summary>
    public static string FileName(AssembledPlan plan, string extension)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var invalid = Path.GetInvalidFileNameChars().Concat(['"', '<', '>', '|', ':', '*', '?', '\\', '/']).ToHashSet();
        var title = new string(plan.Title.Select(c => invalid.Contains(c) ? '_' : c).ToArray()).Trim();
        var label = plan.VersionLabel is null ? string.Empty : "-" + new string(plan.VersionLabel.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c).ToArray());
        return $"{title}{label}-{plan.AssembledAt.ToLocalTime():yyyyMMdd}.{extension}";
    }

    /// <summary>Parses "docx", "hwpx", "pdf", "md"/"markdown", "html".</summary>
    public static bool TryParseFormat(string? value, out ExportFormat format)
    {
        format = default;
        switch (value?.ToLowerInvariant())
        {
            case "md":
                format = ExportFormat.Markdown;
                return true;
            case { } name when Enum.TryParse(name, ignoreCase: true, out format) && Enum.IsDefined(format):
                return true;
            default:
                return false;
        }
    }
}
