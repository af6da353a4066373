using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation;

/// <summary>
/// All opinions of a consultation as CSV or XLSX, one row per opinion with its decoded text. Cells
/// that a spreadsheet would take for a formula (=, +, -, @) are written with a leading apostrophe,
/// so text an outsider wrote never runs as a formula.
/// </summary>
public sealed class OpinionExport(IDbContextFactory<PlanDbContext> dbFactory)
{
    /// <summary>Writes the opinions to <paramref name="output"/>; CSV or XLSX. Returns the number of rows.</summary>
    /// <exception cref="InvalidOperationException">There is no consultation with that slug.</exception>
    public async Task<int> WriteAsync(string slug, Stream output, bool xlsx, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = await db.Set<PublicConsultation>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct)
            ?? throw new InvalidOperationException($"There is no consultation '{slug}'.");
        var sections = await db.Set<ConsultationSection>().AsNoTracking().Where(s => s.ConsultationId == consultation.Id)
            .ToDictionaryAsync(s => s.SectionId, s => s.Heading, ct);
        var opinions = await db.Set<Opinion>().AsNoTracking().Where(o => o.ConsultationId == consultation.Id)
            .OrderBy(o => o.Id)
            .Select(o => new
            {
                o.ReceiptNumber, o.ReceivedAt, o.Source, o.SubmitterName, o.Institution, o.Category, o.Email, o.SectionId,
                o.QuotedPassage, o.QuoteAnchor, o.Subject, o.Text, o.State, o.AttentionReason, o.Classification, o.ClassificationReason,
                Attachments = o.Attachments.Count,
            })
            .ToListAsync(ct);
        var rows = opinions.Select(o => new Dictionary<string, object?>
        {
            ["접수번호"] = o.ReceiptNumber,
            ["접수일시"] = SeoulTime.ToSeoul(o.ReceivedAt).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["경로"] = o.Source == OpinionSource.Web ? "웹" : "전자우편",
            ["이름"] = Cell(o.SubmitterName),
            ["기관"] = Cell(o.Institution),
            ["구분"] = CategoryName(o.Category),
            ["전자우편"] = Cell(o.Email),
            ["항목"] = o.SectionId is { } id && sections.TryGetValue(id, out var heading) ? heading : string.Empty,
            ["인용"] = Cell(o.QuotedPassage),
            ["위치"] = o.QuoteAnchor ?? string.Empty,
            ["제목"] = Cell(o.Subject),
            ["의견"] = Cell(o.Text),
            ["첨부"] = o.Attachments,
            ["상태"] = o.State.ToString(),
            ["확인 필요 사유"] = Cell(o.AttentionReason),
            ["반영 여부"] = o.Classification is { } c ? ClassificationName(c) : string.Empty,
            ["검토 의견"] = Cell(o.ClassificationReason),
        }).ToList();
        await output.SaveAsAsync(rows, printHeader: true, excelType: xlsx ? ExcelType.XLSX : ExcelType.CSV, cancellationToken: ct);
        return rows.Count;
    }

    public static string CategoryName(InstitutionCategory category) => category switch
    {
        InstitutionCategory.Industry => "산업계",
        InstitutionCategory.Academia => "학계",
        InstitutionCategory.Research => "연구계",
        InstitutionCategory.CivilSociety => "시민사회",
        InstitutionCategory.Public => "정부·공공",
        _ => "개인",
    };

    public static string ClassificationName(OpinionClassification classification) => classification switch
    {
        OpinionClassification.Reflected => "반영",
        OpinionClassification.PartlyReflected => "일부반영",
        OpinionClassification.NotReflected => "미반영",
        OpinionClassification.ForReference => "참고",
        _ => "기타",
    };

    /// <summary>Text as a spreadsheet cell that never becomes a formula.</summary>
    public static string Cell(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
