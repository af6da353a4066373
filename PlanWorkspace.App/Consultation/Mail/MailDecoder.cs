using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MimeKit;
using MimeKit.Utils;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation.Mail;

/// <summary>An attachment as found in a mail; its kind is decided by content (<see cref="AttachmentKind.Other"/> when none of the accepted ones).</summary>
public sealed record MailAttachment(string FileName, AttachmentKind Kind, byte[] Content);

/// <summary>
/// A mail reduced to what an opinion needs: sender, subject, plain text, attachments, the
/// Message-ID (or a content hash when there is none), the Message-IDs of mails forwarded inside
/// it, and why it needs a person's attention when it could not be read as sent.
/// </summary>
public sealed record DecodedMail(
    string? SenderName,
    string? SenderAddress,
    string? Subject,
    string MessageId,
    string Text,
    DateTimeOffset Date,
    IReadOnlyList<MailAttachment> Attachments,
    IReadOnlyList<string> ForwardedMessageIds,
    string? AttentionReason);

/// <summary>
/// Decodes what Korean institutions send with MimeKit: UTF-8 and EUC-KR/CP949 bodies (the code-page
/// encodings are registered here), base64 and quoted-printable, RFC 2047 subjects and file names,
/// HTML-only mail turned into plain text (scripts and styles dropped; the text is never rendered as
/// markup). Nothing here throws for a bad message: it comes back with an <see cref="DecodedMail.AttentionReason"/>.
/// </summary>
public static class MailDecoder
{
    public const int MaxAttachmentBytes = 25 * 1024 * 1024;
    public const int MaxAttachments = 20;

    static MailDecoder() => EnsureEncodings();

    /// <summary>Registers the code-page encodings (EUC-KR, CP949) .NET leaves out by default; call before parsing (idempotent).</summary>
    public static void EnsureEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static DecodedMail Decode(MimeMessage message, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = new List<string>();
        var sender = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        if (sender is null)
        {
            problems.Add("no sender");
        }
        var text = BodyText(message, problems);
        var attachments = new List<MailAttachment>();
        var forwarded = new List<string>();
        foreach (var entity in message.BodyParts)
        {
            if (entity is MessagePart { Message: { } inner })
            {
                if (!string.IsNullOrEmpty(inner.MessageId))
                {
                    forwarded.Add(Normalise(inner.MessageId));
                }
                continue;
            }
            if (entity is not MimePart part || !IsAttachment(part))
            {
                continue;
            }
            var name = part.FileName ?? "attachment";
            if (attachments.Count >= MaxAttachments)
            {
                problems.Add($"more than {MaxAttachments} attachments; the rest were not kept");
                break;
            }
            var content = Content(part, problems, name);
            if (content is null)
            {
                continue;
            }
            attachments.Add(new MailAttachment(OpinionAttachment.SafeName(name), AttachmentInspector.Identify(content) ?? AttachmentKind.Other, content));
        }
        if (string.IsNullOrWhiteSpace(text) && attachments.Count == 0)
        {
            problems.Add("no readable text");
        }
        var date = message.Date == DateTimeOffset.MinValue ? receivedAt : message.Date;
        return new DecodedMail(
            Clean(sender?.Name),
            sender?.Address,
            Clean(message.Subject),
            string.IsNullOrWhiteSpace(message.MessageId) ? HashId(message) : Normalise(message.MessageId),
            text,
            date,
            attachments,
            forwarded,
            problems.Count == 0 ? null : string.Join("; ", problems.Distinct()));
    }

    private static bool IsAttachment(MimePart part) =>
        part.IsAttachment || (part is not TextPart && part.ContentType.MediaType is not "multipart");

    private static byte[]? Content(MimePart part, List<string> problems, string name)
    {
        if (part.Content is null)
        {
            return null;
        }
        try
        {
            using var buffer = new MemoryStream();
            using (var decoded = part.Content.Open())
            {
                var chunk = new byte[81920];
                int read;
                while ((read = decoded.Read(chunk, 0, chunk.Length)) > 0)
                {
                    if (buffer.Length + read > MaxAttachmentBytes)
                    {
                        problems.Add($"attachment '{name}' is larger than {MaxAttachmentBytes / (1024 * 1024)} MB and was not kept");
                        return null;
                    }
                    buffer.Write(chunk, 0, read);
                }
            }
            return buffer.Length == 0 ? null : buffer.ToArray();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or IOException)
        {
            problems.Add($"attachment '{name}' could not be decoded ({e.GetType().Name})");
            return null;
        }
    }

    /// <summary>The plain text of the mail: its text/plain part, else its HTML converted to text.</summary>
    private static string BodyText(MimeMessage message, List<string> problems)
    {
        var plain = message.BodyParts.OfType<TextPart>().FirstOrDefault(p => !p.IsAttachment && p.IsPlain);
        var html = message.BodyParts.OfType<TextPart>().FirstOrDefault(p => !p.IsAttachment && p.IsHtml);
        var part = plain ?? html;
        if (part is null)
        {
            return string.Empty;
        }
        var charset = part.ContentType.Charset;
        if (charset is not null && !KnownCharset(charset))
        {
            problems.Add($"undecodable: unknown charset '{Clean(charset)}'");
        }
        string text;
        try
        {
            text = part.Text ?? string.Empty;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
        {
            problems.Add($"undecodable: {e.GetType().Name}");
            return string.Empty;
        }
        if (part == html)
        {
            text = HtmlToText(text);
        }
        var replacements = text.Count(c => c == '\uFFFD');
        if (replacements > 0 && replacements * 20 > text.Length)
        {
            problems.Add($"undecodable: the text does not match its charset '{Clean(charset) ?? "none"}'");
        }
        return Normalise(text.Replace("\r\n", "\n"), trimLines: true);
    }

    private static bool KnownCharset(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim('"', ' ')) is not null;
        }
        catch (NotSupportedException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "P", "DIV", "BR", "LI", "TR", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "PRE", "TABLE", "UL", "OL", "HR", "SECTION", "ARTICLE",
    };

    /// <summary>HTML to plain text: scripts, styles and comments dropped, a line break after each block, entities decoded.</summary>
    public static string HtmlToText(string html)
    {
        var document = Parser.ParseDocument(html);
        var text = new StringBuilder();
        Walk(document.Body ?? (INode)document.DocumentElement, text);
        return text.ToString();
    }

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IElement element when element.LocalName is "script" or "style" or "head" or "title" or "template" or "noscript":
                    break;
                case IElement element:
                    Walk(element, text);
                    if (BlockElements.Contains(element.TagName))
                    {
                        text.Append('\n');
                    }
                    else if (element.LocalName is "td" or "th")
                    {
                        text.Append('\t');
                    }
                    break;
                case IText t:
                    text.Append(t.Data);
                    break;
            }
        }
    }

    private static string Normalise(string text, bool trimLines)
    {
        var lines = text.Split('\n').Select(l => trimLines ? l.TrimEnd() : l);
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Trim().Length == 0)
            {
                blank++;
                continue;
            }
            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            result.Append(line.Replace("\u00A0", " "));
        }
        return result.ToString().Trim();
    }

    private static string Normalise(string messageId) => messageId.Trim().Trim('<', '>').Trim();

    /// <summary>A stable id for a mail without a Message-ID, so that importing it again finds it.</summary>
    private static string HashId(MimeMessage message)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stream = new HashingStream(hash);
        message.WriteTo(FormatOptions.Default, stream);
        return "sha256:" + Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    private static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var cleaned = new string(value.Where(c => !char.IsControl(c) || c == '\t').ToArray()).Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>A write-only stream that feeds a hash (the message is never held whole in memory twice).</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);
    }
}
