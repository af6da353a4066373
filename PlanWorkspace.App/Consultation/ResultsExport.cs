using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PlanWorkspace.App.Data;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation;

/// <summary>A results file: its bytes, type and download name.</summary>
public sealed record ResultsFile(byte[] Content, string ContentType, string FileName);

/// <summary>
/// The 의견 수렴 결과 table (의견 요지 / 제출 기관 / 검토 의견 / 반영 여부) per section, as DOCX or HWPX,
/// written by the plan's own exporters from a neutral <see cref="PlanDocument"/> — so headings,
/// fonts and table borders are the plan's, and every cell is plain text (never markup: a script in
/// an opinion is written as the characters it is). The vice-chair and the secretariat export it,
/// in any state, to prepare the answer before it is published; merged opinions are answered with
/// their primary, whose row names how many were merged into it.
/// </summary>
public sealed class ResultsExport(
    IDbContextFactory<PlanDbContext> dbFactory,
    IEnumerable<IPlanExporter> exporters,
    IStringLocalizer<SharedResource> planStrings,
    IStringLocalizer<ConsultationResource> strings)
{
    /// <summary>The results as "docx" or "hwpx" in <paramref name="culture"/>; null when not allowed, not found or another format.</summary>
    public async Task<ResultsFile?> ExportAsync(Actor actor, string slug, string format, CultureInfo culture, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(culture);
        if (!ConsultationService.CanRun(actor) || format is not ("docx" or "hwpx"))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = await db.Set<PublicConsultation>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (consultation is null)
        {
            return null;
        }
        using var scope = new CultureScope(culture);
        var document = await BuildAsync(db, consultation, ct);
        var labels = new PlanLabels(planStrings, culture);
        using var output = new MemoryStream();
        if (format == "docx")
        {
            await exporters.OfType<DocxExporter>().Single().WriteDocumentAsync(document, labels, output, ct);
            return new ResultsFile(output.ToArray(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"{Title(consultation)}.docx");
        }
        var metadata = new DocMetadata(document.Title, consultation.ContactEmail, consultation.Title, strings["Report.Title"], consultation.ReportPublishedAt ?? consultation.CreatedAt);
        await exporters.OfType<HwpxExporter>().Single().WriteDocumentAsync(document, metadata, labels, output, ct);
        return new ResultsFile(output.ToArray(), HwpxExporter.MimeType, $"{Title(consultation)}.hwpx");
    }

    /// <summary>The neutral document: title, a count per decision, then a heading and a table per section in plan order.</summary>
    private async Task<PlanDocument> BuildAsync(PlanDbContext db, PublicConsultation consultation, CancellationToken ct)
    {
        var sections = await db.Set<ConsultationSection>().AsNoTracking().Where(s => s.ConsultationId == consultation.Id).ToListAsync(ct);
        var opinions = await db.Set<Opinion>().AsNoTracking()
            .Where(o => o.ConsultationId == consultation.Id && o.State == OpinionState.Classified && o.DuplicateOfId == null)
            .OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.SectionId, o.Text, o.Institution, o.Category, o.ClassificationReason, o.Classification })
            .ToListAsync(ct);
        var merged = await db.Set<Opinion>().AsNoTracking()
            .Where(o => o.ConsultationId == consultation.Id && o.DuplicateOfId != null)
            .GroupBy(o => o.DuplicateOfId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var ordinals = sections.ToDictionary(s => s.SectionId);

        var blocks = new List<DocBlock>
        {
            new DocParagraph(strings["Report.Title"], DocParagraphKind.Title),
            new DocParagraph(consultation.Title, DocParagraphKind.Subtitle),
            new DocParagraph(string.Join(" · ", Enum.GetValues<OpinionClassification>()
                .Select(c => $"{strings[$"Classification.{c}"]} {opinions.Count(o => o.Classification == c).ToString("N0", CultureInfo.CurrentCulture)}"))),
        };
        if (opinions.Count == 0)
        {
            blocks.Add(new DocParagraph(strings["Report.Empty"]));
        }
        var header = new[] { strings["Report.Gist"].Value, strings["Report.Institution"].Value, strings["Report.Answer"].Value, strings["Report.Decision"].Value };
        foreach (var group in opinions.GroupBy(o => o.SectionId is { } id && ordinals.TryGetValue(id, out var s) ? s.Ordinal : (int?)null).OrderBy(g => g.Key ?? int.MaxValue))
        {
            ct.ThrowIfCancellationRequested();
            var heading = group.Key is { } ordinal ? sections.First(s => s.Ordinal == ordinal).Heading : strings["Consult.Field.SectionWhole"].Value;
            blocks.Add(new DocHeading(1, heading));
            blocks.Add(new DocTable(header, group.Select(o => (IReadOnlyList<string>)
            [
                Gist(o.Text),
                (o.Institution ?? strings[$"Consult.Category.{o.Category}"].Value)
                    + (merged.TryGetValue(o.Id, out var n) ? " " + string.Format(CultureInfo.CurrentCulture, strings["Report.AndMerged"], n) : string.Empty),
                o.ClassificationReason ?? string.Empty,
                strings[$"Classification.{o.Classification}"].Value,
            ]).ToList()));
        }
        return new PlanDocument($"{strings["Report.Title"]} — {consultation.Title}", blocks);
    }

    /// <summary>The gist: the opinion's first 300 characters on one line.</summary>
    private static string Gist(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    /// <summary>A file name from the title: only what every file system accepts.</summary>
    private string Title(PublicConsultation consultation)
    {
        var name = new string($"{strings["Report.Title"]}-{consultation.Slug}".Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return name.Length <= 100 ? name : name[..100];
    }
}
