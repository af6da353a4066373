using Microsoft.EntityFrameworkCore;
using PlanWorkspace.Domain.Outcomes;
using System.Text;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation;

/// <summary>What an invitation-list import did: added, updated, unchanged, and the rows not taken (with why).</summary>
public sealed record InstitutionImportReport(int Added, int Updated, int Unchanged, IReadOnlyList<RejectedRow> Rejected);

/// <summary>An invited institution and how many opinions of the consultation are counted as its answer.</summary>
public sealed record InvitedInstitution(int Id, string Name, InstitutionCategory Category, string ContactEmail, string? Domain, int Opinions)
{
    public bool Answered => Opinions > 0;
}

/// <summary>The invited institutions of one category, with how many answered.</summary>
public sealed record CategoryReplies(InstitutionCategory Category, IReadOnlyList<InvitedInstitution> Institutions)
{
    public int Invited => Institutions.Count;
    public int Answered => Institutions.Count(i => i.Answered);
}

/// <summary>Who was invited to a consultation and who answered, by category.</summary>
public sealed record RegistryOverview(PublicConsultation Consultation, IReadOnlyList<CategoryReplies> Categories)
{
    public int Invited => Categories.Sum(c => c.Invited);
    public int Answered => Categories.Sum(c => c.Answered);
}

/// <summary>
/// The institution registry (the invitation list): import from CSV/XLSX, who answered and who has
/// not, and the reminder list. Only the vice-chair and the secretariat, who run consultations, may
/// use it (checked here on every call). An opinion counts as an institution's answer when it was
/// matched to it, names it, or was sent from its domain (or a subdomain; the longest domain wins).
/// </summary>
public sealed class InstitutionRegistry(IDbContextFactory<PlanDbContext> dbFactory)
{
    /// <summary>
    /// Imports an invitation list. A row matching an institution by name (or, failing that, by its
    /// domain) updates it, so re-importing a corrected list never duplicates. The valid rows are
    /// stored in one transaction; the rejected ones are reported and stored nowhere.
    /// </summary>
    public async Task<Result<InstitutionImportReport>> ImportAsync(Actor actor, Stream upload, bool xlsx, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(upload);
        if (!ConsultationService.CanRun(actor))
        {
            return Refusals.Consult.NotAllowed;
        }
        // Read at most one byte past the limit: a larger file is refused without being read whole.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > InstitutionImport.MaxFileBytes)
            {
                return Refusals.Registry.TooLarge.With(InstitutionImport.MaxFileBytes / (1024 * 1024));
            }
        }
        var sheet = InstitutionImport.Read(buffer.ToArray(), xlsx);
        if (sheet.Refusal is { } refusal)
        {
            return refusal;
        }
        var (rows, rejected) = sheet.Value!;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Set<Institution>().ToListAsync(ct);
        var byName = existing.ToDictionary(i => i.Name, StringComparer.OrdinalIgnoreCase);
        var byDomain = existing.Where(i => i.Domain is not null).GroupBy(i => i.Domain!).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
        var rejectedAll = rejected.ToList();
        int added = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            var match = byName.GetValueOrDefault(row.Name) ?? (row.Domain is { } d ? byDomain.GetValueOrDefault(d) : null);
            var candidate = new Institution(row.Name, row.Category, row.ContactEmail, row.Domain);
            // Two entries on one domain would make a sender's institution a coin toss.
            if (candidate.Domain is { } domain && existing.FirstOrDefault(i => i.Domain == domain && i != match) is { } holder)
            {
                rejectedAll.Add(new RejectedRow(row.Row, row.Name, Refusals.Registry.RejectDomainTaken.With($"{domain} ({holder.Name})")));
                continue;
            }
            if (match is null)
            {
                db.Add(candidate);
                existing.Add(candidate);
                byName[candidate.Name] = candidate;
                added++;
            }
            else if (match.Name == candidate.Name && match.Category == candidate.Category && match.ContactEmail == candidate.ContactEmail && match.Domain == candidate.Domain)
            {
                unchanged++;
            }
            else
            {
                if (!string.Equals(match.Name, candidate.Name, StringComparison.OrdinalIgnoreCase) && byName.ContainsKey(candidate.Name))
                {
                    rejectedAll.Add(new RejectedRow(row.Row, row.Name, Refusals.Registry.RejectDuplicate.With(byName[candidate.Name].Name)));
                    continue;
                }
                byName.Remove(match.Name);
                match.Update(row.Name, row.Category, row.ContactEmail, row.Domain);
                byName[match.Name] = match;
                updated++;
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new InstitutionImportReport(added, updated, unchanged, rejectedAll.OrderBy(r => r.Row).ToList());
    }

    /// <summary>Every registered institution with the number of the consultation's opinions counted as its answer; null when not allowed or not found.</summary>
    public async Task<RegistryOverview?> OverviewAsync(Actor actor, string slug, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!ConsultationService.CanRun(actor))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = await db.Set<PublicConsultation>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (consultation is null)
        {
            return null;
        }
        var registry = await db.Set<Institution>().AsNoTracking().OrderBy(i => i.Name).ToListAsync(ct);
        // One row per distinct (institution, name, address): 10,000 opinions come from far fewer senders.
        // Merged opinions count too: an institution whose letter was merged into another has answered.
        var senders = await db.Set<Opinion>().AsNoTracking()
            .Where(o => o.ConsultationId == consultation.Id)
            .GroupBy(o => new { o.InstitutionId, o.Institution, o.Email })
            .Select(g => new { g.Key.InstitutionId, g.Key.Institution, g.Key.Email, Count = g.Count() })
            .ToListAsync(ct);
        var ids = registry.Select(i => i.Id).ToHashSet();
        var names = registry.ToDictionary(i => i.Name, i => i.Id, StringComparer.OrdinalIgnoreCase);
        var domains = registry.Where(i => i.Domain is not null).GroupBy(i => i.Domain!).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var counts = new Dictionary<int, int>();
        foreach (var sender in senders)
        {
            int? id = sender.InstitutionId is { } known && ids.Contains(known) ? known
                : sender.Institution is { } name && names.TryGetValue(name.Trim(), out var named) ? named
                : ByDomain(domains, sender.Email);
            if (id is { } matched)
            {
                counts[matched] = checked(counts.GetValueOrDefault(matched) + sender.Count);
            }
        }
        var categories = Enum.GetValues<InstitutionCategory>()
            .Select(c => new CategoryReplies(c, registry.Where(i => i.Category == c)
                .Select(i => new InvitedInstitution(i.Id, i.Name, i.Category, i.ContactEmail, i.Domain, counts.GetValueOrDefault(i.Id)))
                .ToList()))
            .Where(c => c.Invited > 0)
            .ToList();
        return new RegistryOverview(consultation, categories);
    }

    /// <summary>
    /// The reminder mailing list as CSV (기관명, 구분, 이메일) of the institutions that have not answered;
    /// cells a spreadsheet would run as a formula are prefixed with an apostrophe. False when not allowed.
    /// </summary>
    public async Task<bool> WriteRemindersAsync(Actor actor, string slug, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var overview = await OverviewAsync(actor, slug, ct);
        if (overview is null)
        {
            return false;
        }
        // Written by hand rather than through MiniExcel: a UTF-8 byte-order mark (so Korean Excel reads
        // it as UTF-8), a header even when everyone has answered, and RFC 4180 quoting of every cell.
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteAsync("기관명,구분,이메일\r\n");
        foreach (var i in overview.Categories.SelectMany(c => c.Institutions).Where(i => !i.Answered))
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteAsync($"{Quote(OpinionExport.Cell(i.Name))},{Quote(OpinionExport.CategoryName(i.Category))},{Quote(OpinionExport.Cell(i.ContactEmail))}\r\n");
        }
        await writer.FlushAsync(ct);
        return true;
    }

    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The institution whose domain is the sender's domain or its nearest parent ("ee.kaist.ac.kr" → "kaist.ac.kr").</summary>
    private static int? ByDomain(Dictionary<string, int> domains, string? email)
    {
        var domain = EmailAddress.DomainOf(email);
        while (domain is not null)
        {
            if (domains.TryGetValue(domain, out var id))
            {
                return id;
            }
            var dot = domain.IndexOf('.', StringComparison.Ordinal);
            domain = dot < 0 ? null : domain[(dot + 1)..];
        }
        return null;
    }
}
