using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkspace.App.Data;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation.Mail;

/// <summary>
/// What an import did. <see cref="Imported"/>: new opinions that could be read; <see cref="Duplicates"/>:
/// mails already imported (same Message-ID) or forwarded copies of one (stored, linked to it);
/// <see cref="Failed"/>: mails that could not be decoded, kept as "needs attention" with the reason.
/// </summary>
public sealed record ImportReport(int Messages, int Imported, int Duplicates, int Failed)
{
    public static ImportReport Empty { get; } = new(0, 0, 0, 0);

    public ImportReport Add(ImportReport other) =>
        new(Messages + other.Messages, Imported + other.Imported, Duplicates + other.Duplicates, Failed + other.Failed);

    /// <summary>The command line's last line: <c>{"messages":N,"imported":N,"duplicates":N,"failed":N}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { messages = Messages, imported = Imported, duplicates = Duplicates, failed = Failed });
}

/// <summary>
/// Imports mail into a consultation's opinions: one .eml, an .mbox archive read as a stream (MimeKit's
/// parser in mbox mode, one message in memory at a time), a folder of them, or single messages from
/// the IMAP poller. Duplicates are found by Message-ID, so an import run twice imports nothing new.
/// Opinions are saved in batches; a bad message never stops the import.
/// </summary>
public sealed class MailImporter(IDbContextFactory<PlanDbContext> dbFactory, AttachmentTextReader attachmentText, TimeProvider clock, ILogger<MailImporter> logger)
{
    private const int BatchSize = 100;

    /// <summary>Imports a file (.eml or .mbox, by content: an mbox starts with "From ") or every .eml/.mbox file in a folder.</summary>
    /// <exception cref="InvalidOperationException">There is no consultation with that slug.</exception>
    public async Task<ImportReport> ImportPathAsync(string path, string slug, IProgress<ImportReport>? progress = null, CancellationToken ct = default)
    {
        if (Directory.Exists(path))
        {
            var total = ImportReport.Empty;
            var files = Directory.EnumerateFiles(path)
                .Where(f => f.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                total = total.Add(await ImportPathAsync(file, slug, progress, ct));
            }
            return total;
        }
        await using var stream = File.OpenRead(path);
        return await ImportStreamAsync(stream, slug, progress, ct);
    }

    /// <summary>Imports one message or an mbox archive from <paramref name="stream"/>.</summary>
    public async Task<ImportReport> ImportStreamAsync(Stream stream, string slug, IProgress<ImportReport>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        MailDecoder.EnsureEncodings();
        await using var session = await OpenAsync(slug, ct);
        // The first bytes decide the format; they are read, not sought back to, so a browser upload works too.
        var head = new byte[5];
        var headLength = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        head = head[..headLength];
        var messages = head.AsSpan().SequenceEqual("From "u8) ? MboxReader.Messages(stream, head) : [await ReadAllAsync(head, stream, ct)];
        foreach (var raw in messages)
        {
            ct.ThrowIfCancellationRequested();
            if (raw is null)
            {
                await session.AddUnreadableAsync($"a message larger than {MboxReader.MaxMessageBytes / (1024 * 1024)} MB was skipped", null, ct);
                continue;
            }
            MimeMessage message;
            try
            {
                message = await MimeMessage.LoadAsync(new MemoryStream(raw, writable: false), ct);
            }
            catch (FormatException e)
            {
                logger.LogWarning("A mail could not be parsed: {Reason}", e.Message);
                await session.AddUnreadableAsync($"unparseable: {e.Message}", raw, ct);
                continue;
            }
            await session.AddAsync(message, ct);
            if (session.Report.Messages % BatchSize == 0)
            {
                progress?.Report(session.Report);
            }
        }
        await session.FlushAsync(ct);
        progress?.Report(session.Report);
        return session.Report;
    }

    /// <summary>Imports one message (the IMAP poller's path). Returns the report for that message.</summary>
    public async Task<ImportReport> ImportMessageAsync(MimeMessage message, string slug, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        MailDecoder.EnsureEncodings();
        await using var session = await OpenAsync(slug, ct);
        await session.AddAsync(message, ct);
        await session.FlushAsync(ct);
        return session.Report;
    }

    private async Task<ImportSession> OpenAsync(string slug, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = await db.Set<PublicConsultation>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct)
            ?? throw new InvalidOperationException($"There is no consultation '{slug}'.");
        var known = await db.Set<Opinion>().Where(o => o.ConsultationId == consultation.Id && o.MessageId != null)
            .Select(o => new { o.MessageId, o.Id }).ToListAsync(ct);
        var registry = await db.Set<Institution>().AsNoTracking().ToListAsync(ct);
        return new ImportSession(dbFactory, attachmentText, clock, consultation.Id, known.GroupBy(k => k.MessageId!).ToDictionary(g => g.Key, g => g.Min(k => k.Id)), registry);
    }

    private static async Task<byte[]?> ReadAllAsync(byte[] head, Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        buffer.Write(head);
        await stream.CopyToAsync(buffer, ct);
        return buffer.Length <= MboxReader.MaxMessageBytes ? buffer.ToArray() : null;
    }

    /// <summary>One import: the consultation, the Message-IDs already known, the institution registry and a batch of mails to save.</summary>
    private sealed class ImportSession(IDbContextFactory<PlanDbContext> dbFactory, AttachmentTextReader attachmentText, TimeProvider clock, int consultationId, Dictionary<string, int> known, IReadOnlyList<Institution> registry) : IAsyncDisposable
    {
        private readonly List<(DecodedMail Mail, string? DuplicateOf, byte[]? Original, AttachmentTexts Texts)> _pending = [];
        private readonly HashSet<string> _pendingIds = [];

        public ImportReport Report { get; private set; } = ImportReport.Empty;

        public async Task AddAsync(MimeMessage message, CancellationToken ct)
        {
            var mail = MailDecoder.Decode(message, clock.GetUtcNow());
            if (known.ContainsKey(mail.MessageId) || _pendingIds.Contains(mail.MessageId))
            {
                Report = Report with { Messages = Report.Messages + 1, Duplicates = Report.Duplicates + 1 };
                return;
            }
            var original = mail.ForwardedMessageIds.FirstOrDefault(id => known.ContainsKey(id) || _pendingIds.Contains(id));
            if (original is not null && !known.ContainsKey(original))
            {
                await FlushAsync(ct); // the original must have its id before the copy can point at it
            }
            byte[]? raw = null;
            if (mail.AttentionReason is not null)
            {
                // Keep the mail as it came, so that a person can open what could not be read.
                using var buffer = new MemoryStream();
                await message.WriteToAsync(buffer, ct);
                raw = buffer.Length <= MailDecoder.MaxAttachmentBytes ? buffer.ToArray() : null;
            }
            // Read once, before the batch's transaction and outside its retries; a PDF may take seconds
            // in its own process (ADR-017) and whatever it does ends as a note, never as a failed import.
            var texts = await attachmentText.ReadAsync(mail.Attachments.Select(a => (a.Kind, a.Content)).ToList(), ct);
            _pending.Add((mail, original, raw, texts));
            _pendingIds.Add(mail.MessageId);
            Report = Report with
            {
                Messages = Report.Messages + 1,
                Imported = Report.Imported + (original is null && mail.AttentionReason is null ? 1 : 0),
                Duplicates = Report.Duplicates + (original is null ? 0 : 1),
                Failed = Report.Failed + (original is null && mail.AttentionReason is not null ? 1 : 0),
            };
            if (_pending.Count >= BatchSize)
            {
                await FlushAsync(ct);
            }
        }

        public async Task AddUnreadableAsync(string reason, byte[]? raw, CancellationToken ct)
        {
            // Identified by its bytes, so that importing the same archive again finds it.
            var id = raw is null ? "unreadable:" + Guid.NewGuid().ToString("N") : "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(raw)).ToLowerInvariant();
            if (known.ContainsKey(id) || !_pendingIds.Add(id))
            {
                Report = Report with { Messages = Report.Messages + 1, Duplicates = Report.Duplicates + 1 };
                return;
            }
            var mail = new DecodedMail(null, null, null, id, string.Empty, clock.GetUtcNow(), [], [], reason);
            _pending.Add((mail, null, raw is { Length: <= MailDecoder.MaxAttachmentBytes } ? raw : null, AttachmentTexts.None));
            Report = Report with { Messages = Report.Messages + 1, Failed = Report.Failed + 1 };
            await FlushAsync(ct);
        }

        /// <summary>Saves the batch with receipt numbers in one transaction; retried when a web submission took a number meanwhile.</summary>
        public async Task FlushAsync(CancellationToken ct)
        {
            if (_pending.Count == 0)
            {
                return;
            }
            for (var attempt = 0; ; attempt++)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var consultation = await db.Set<PublicConsultation>().FirstAsync(c => c.Id == consultationId, ct);
                var opinions = new List<(Opinion Opinion, string MessageId)>();
                foreach (var (mail, duplicateOf, raw, texts) in _pending)
                {
                    var institution = Institution.Match(registry, mail.SenderAddress);
                    var opinion = Opinion.FromMail(consultation, new MailOpinion(
                        mail.SenderName, mail.SenderAddress, mail.Subject, mail.MessageId, mail.Text, mail.Date,
                        institution?.Name, institution?.Id, institution?.Category, mail.AttentionReason));
                    for (var i = 0; i < mail.Attachments.Count; i++)
                    {
                        var attachment = new OpinionAttachment(mail.Attachments[i].FileName, mail.Attachments[i].Kind, mail.Attachments[i].Content);
                        attachment.NoteTextProblem(texts.ProblemAt(i));
                        opinion.Attach(attachment);
                    }
                    opinion.IndexAttachmentText(texts.Text);
                    if (raw is not null)
                    {
                        opinion.Attach(new OpinionAttachment("original.eml", AttachmentKind.Other, raw));
                    }
                    if (duplicateOf is not null && known.TryGetValue(duplicateOf, out var originalId))
                    {
                        opinion.MarkDuplicateOf(originalId);
                    }
                    db.Add(opinion);
                    opinions.Add((opinion, mail.MessageId));
                }
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateConcurrencyException) when (attempt < 5)
                {
                    continue;
                }
                foreach (var (opinion, messageId) in opinions)
                {
                    known[messageId] = opinion.Id;
                }
                _pending.Clear();
                _pendingIds.Clear();
                return;
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
