using PlanWorkspace.Domain.Outcomes;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using PlanWorkspace.App.Consultation.Mail;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation;

/// <summary>A row of an invitation list that was not taken: its spreadsheet row number (the header is row 1), what it named, and why.</summary>
public sealed record RejectedRow(int Row, string Name, Refusal Reason);

/// <summary>One checked row of an invitation list, ready to add or update.</summary>
public sealed record InstitutionRow(int Row, string Name, InstitutionCategory Category, string ContactEmail, string? Domain);

/// <summary>A file's rows: those to import and those rejected (each with why).</summary>
public sealed record InstitutionSheet(IReadOnlyList<InstitutionRow> Rows, IReadOnlyList<RejectedRow> Rejected);

/// <summary>
/// Reads an invitation list (CSV or XLSX with a header row: name, category, contact e-mail, domain)
/// into checked rows and rejected ones. Everything here treats the file as hostile: its size and row
/// count are bounded before any parsing, an XLSX's unpacked size is checked before MiniExcel opens it
/// (a zip bomb is refused, not inflated), a CSV in EUC-KR/CP949 (as Korean Excel saves it) is
/// decoded, and whatever a parser throws becomes "unreadable", never a crash.
/// </summary>
public static class InstitutionImport
{
    public const long MaxFileBytes = 2 * 1024 * 1024;
    public const int MaxRows = 5_000;
    /// <summary>An XLSX is a zip: its parts together may unpack to at most this much.</summary>
    private const long MaxUnpackedBytes = 40L * 1024 * 1024;
    private const int MaxZipEntries = 200;
    private const int MaxShownName = 80;


    private static readonly string[] NameHeaders = ["기관명", "기관", "이름", "name", "institution"];
    private static readonly string[] CategoryHeaders = ["구분", "분류", "분야", "category"];
    private static readonly string[] EmailHeaders = ["이메일", "전자우편", "담당자이메일", "연락처", "email", "e-mail", "contactemail", "contact"];
    private static readonly string[] DomainHeaders = ["도메인", "domain"];

    /// <summary>The rows of the file (those taken and those rejected), or why the whole file is refused.</summary>
    public static Result<InstitutionSheet> Read(byte[] content, bool xlsx)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.LongLength > MaxFileBytes)
        {
            return Refusals.Registry.TooLarge.With(MaxFileBytes / (1024 * 1024));
        }
        List<IDictionary<string, object?>> table;
        try
        {
            using var stream = xlsx ? OpenXlsx(content) : Utf8(content);
            if (stream is null)
            {
                return Refusals.Registry.Unreadable;
            }
            // Lazily enumerated: at most one row past the limit is ever read.
            table = stream.Query(useHeaderRow: true, excelType: xlsx ? ExcelType.XLSX : ExcelType.CSV)
                .Cast<IDictionary<string, object?>>()
                .Take(MaxRows + 1)
                .ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return Refusals.Registry.Unreadable;
        }
        if (table.Count > MaxRows)
        {
            return Refusals.Registry.TooManyRows.With(MaxRows);
        }
        var headers = table.FirstOrDefault()?.Keys.ToList() ?? [];
        var (name, category, email, domain) = (Find(headers, NameHeaders), Find(headers, CategoryHeaders), Find(headers, EmailHeaders), Find(headers, DomainHeaders));
        if (table.Count > 0 && (name is null || category is null || email is null))
        {
            return Refusals.Registry.Columns;
        }

        var rows = new List<InstitutionRow>();
        var rejected = new List<RejectedRow>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var domains = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < table.Count; i++)
        {
            var number = i + 2;
            var cells = table[i];
            var rowName = Text(cells, name!);
            var rowCategory = Text(cells, category!);
            var rowEmail = Text(cells, email!);
            var rowDomain = domain is null ? null : Text(cells, domain);
            if (rowName.Length == 0 && rowCategory.Length == 0 && rowEmail.Length == 0 && string.IsNullOrEmpty(rowDomain))
            {
                continue; // A blank line between blocks is not an error.
            }
            var shown = rowName.Length <= MaxShownName ? rowName : rowName[..MaxShownName] + "…";
            if (rowName.Length == 0 || rowName.Length > Institution.MaxNameLength)
            {
                rejected.Add(new RejectedRow(number, shown, Refusals.Registry.RejectName));
                continue;
            }
            if (ParseCategory(rowCategory) is not { } parsedCategory)
            {
                rejected.Add(new RejectedRow(number, shown, Refusals.Registry.RejectCategory.With(Cut(rowCategory) ?? string.Empty)));
                continue;
            }
            if (!EmailAddress.IsValid(rowEmail))
            {
                rejected.Add(new RejectedRow(number, shown, Refusals.Registry.RejectEmail.With(Cut(rowEmail) ?? string.Empty)));
                continue;
            }
            Institution checkedRow;
            try
            {
                checkedRow = new Institution(rowName, parsedCategory, rowEmail, rowDomain);
            }
            catch (Domain.Planning.DomainException)
            {
                rejected.Add(new RejectedRow(number, shown, Refusals.Registry.RejectDomain.With(Cut(rowDomain) ?? string.Empty)));
                continue;
            }
            if (names.TryGetValue(checkedRow.Name, out var earlier) || (checkedRow.Domain is { } d && domain is not null && rowDomain is { Length: > 0 } && domains.TryGetValue(d, out earlier)))
            {
                rejected.Add(new RejectedRow(number, shown, Refusals.Registry.RejectDuplicate.With(earlier)));
                continue;
            }
            names[checkedRow.Name] = number;
            if (checkedRow.Domain is { } own && rowDomain is { Length: > 0 })
            {
                domains[own] = number;
            }
            rows.Add(new InstitutionRow(number, checkedRow.Name, checkedRow.Category, checkedRow.ContactEmail, rowDomain is { Length: > 0 } ? checkedRow.Domain : null));
        }
        return new InstitutionSheet(rows, rejected);
    }

    /// <summary>A category as people write it: 산업계 … 개인, or the English names.</summary>
    public static InstitutionCategory? ParseCategory(string? text)
    {
        var key = new string((text ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c is not '·' and not '/' and not '・' and not '.' and not '-').ToArray()).ToLowerInvariant();
        return key switch
        {
            "산업계" or "산업" or "기업" or "industry" => InstitutionCategory.Industry,
            "학계" or "대학" or "academia" or "academic" => InstitutionCategory.Academia,
            "연구계" or "연구기관" or "research" => InstitutionCategory.Research,
            "시민사회" or "시민단체" or "civilsociety" or "civil" => InstitutionCategory.CivilSociety,
            "정부공공" or "정부" or "공공" or "공공기관" or "public" or "government" => InstitutionCategory.Public,
            "개인" or "individual" => InstitutionCategory.Individual,
            _ => null,
        };
    }

    /// <summary>
    /// The XLSX as a stream MiniExcel may read, or null when it is not a zip, has too many parts, or
    /// its parts would unpack to more than <see cref="MaxUnpackedBytes"/> (as declared by the zip; a
    /// part that lies about its size fails MiniExcel's read and is then "unreadable").
    /// </summary>
    private static MemoryStream? OpenXlsx(byte[] content)
    {
        if (content.Length < 4 || content[0] != (byte)'P' || content[1] != (byte)'K')
        {
            return null;
        }
        var stream = new MemoryStream(content, writable: false);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            if (zip.Entries.Count > MaxZipEntries)
            {
                return null;
            }
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                unpacked = checked(unpacked + entry.Length);
                if (unpacked > MaxUnpackedBytes)
                {
                    return null;
                }
            }
        }
        stream.Position = 0;
        return stream;
    }

    /// <summary>The CSV as UTF-8: kept when it is valid UTF-8, otherwise read as CP949 (Korean Excel's "CSV").</summary>
    private static MemoryStream Utf8(byte[] content)
    {
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
            return new MemoryStream(Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF')), writable: false);
        }
        catch (DecoderFallbackException)
        {
            MailDecoder.EnsureEncodings();
            return new MemoryStream(Encoding.UTF8.GetBytes(Encoding.GetEncoding(949).GetString(content)), writable: false);
        }
    }

    private static string? Find(IReadOnlyList<string> headers, string[] names) =>
        headers.FirstOrDefault(h => names.Contains(new string(h.Where(c => !char.IsWhiteSpace(c) && c != '_').ToArray()).ToLowerInvariant().Trim('\uFEFF')));

    private static string Text(IDictionary<string, object?> cells, string column) =>
        cells.TryGetValue(column, out var value) ? (Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty).Trim() : string.Empty;

    private static string? Cut(string? value) => value is null ? null : value.Length <= MaxShownName ? value : value[..MaxShownName] + "…";
}
