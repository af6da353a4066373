using System.Text;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// Raw mail as Korean institutions send it, written byte by byte (not produced by MimeKit, so the
/// parser is tested on real encodings): EUC-KR bodies, RFC 2047 subjects in EUC-KR, quoted-printable
/// UTF-8, HTML-only mail, attachments with encoded names, and deliberately broken messages.
/// </summary>
public static class KoreanMail
{
    static KoreanMail() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding EucKr => Encoding.GetEncoding("euc-kr");

    public static string B(string text, Encoding encoding) => Convert.ToBase64String(encoding.GetBytes(text));

    /// <summary>"=?euc-kr?B?...?=": an RFC 2047 encoded word.</summary>
    public static string Word(string text, string charset = "euc-kr") =>
        $"=?{charset}?B?{B(text, charset == "euc-kr" ? EucKr : Encoding.UTF8)}?=";

    /// <summary>A plain EUC-KR mail from <paramref name="from"/> with an EUC-KR subject, body in base64.</summary>
    public static byte[] EucKrPlain(string messageId, string from, string subject, string body) => Latin(
        $"From: {Word("김철수")} <{from}>\r\nTo: opinions@aicommittee.go.kr\r\nSubject: {Word(subject)}\r\n" +
        $"Date: Tue, 01 Dec 2026 10:00:00 +0900\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=\"euc-kr\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Wrap(B(body, EucKr)) + "\r\n");

    /// <summary>An EUC-KR body sent as 8-bit (no transfer encoding), with an HWP attachment whose name is RFC 2047-encoded.</summary>
    public static byte[] EucKr8BitWithAttachment(string messageId, string from, string body, byte[] attachment, string fileName)
    {
        var head = $"From: {from}\r\nSubject: {Word("의견서 제출")}\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n" +
                   "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=euc-kr\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
        var tail = $"\r\n--b1\r\nContent-Type: application/octet-stream; name=\"{Word(fileName)}\"\r\nContent-Transfer-Encoding: base64\r\n" +
                   $"Content-Disposition: attachment; filename=\"{Word(fileName)}\"\r\n\r\n{Wrap(Convert.ToBase64String(attachment))}\r\n--b1--\r\n";
        return [.. Latin(head), .. EucKr.GetBytes(body), .. Latin(tail)];
    }

    /// <summary>A UTF-8 body (base64) with several attachments, each as application/octet-stream (the kind comes from the bytes).</summary>
    public static byte[] WithAttachments(string messageId, string from, string body, params (string FileName, byte[] Content)[] files)
    {
        var mail = new StringBuilder($"From: {from}\r\nSubject: {Word("첨부 의견서", "utf-8")}\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: multipart/mixed; boundary=\"b2\"\r\n\r\n--b2\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            Wrap(B(body, Encoding.UTF8)) + "\r\n");
        foreach (var (name, content) in files)
        {
            mail.Append($"--b2\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n" +
                        $"Content-Disposition: attachment; filename=\"{Word(name, "utf-8")}\"\r\n\r\n{Wrap(Convert.ToBase64String(content))}\r\n");
        }
        return Latin(mail.Append("--b2--\r\n").ToString());
    }

    /// <summary>UTF-8 in quoted-printable.</summary>
    public static byte[] Utf8QuotedPrintable(string messageId, string from, string body)
    {
        var qp = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(body))
        {
            qp.Append(b is >= 33 and <= 126 and not (byte)'=' ? ((char)b).ToString() : $"={b:X2}");
        }
        var lines = Enumerable.Range(0, (qp.Length + 71) / 72).Select(i => qp.ToString(i * 72, Math.Min(72, qp.Length - (i * 72))));
        return Latin($"From: {from}\r\nSubject: {Word("의견", "utf-8")}\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n" +
                     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
                     string.Join("=\r\n", lines) + "\r\n");
    }

    /// <summary>An HTML-only mail with a script, a style and an image with an event handler.</summary>
    public static byte[] HtmlOnly(string messageId, string from, string paragraph) => Latin(
        $"From: {from}\r\nSubject: html\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Wrap(B($"<html><head><style>p{{color:red}}</style><script>alert('mail')</script></head><body><p>{paragraph}</p><img src=x onerror=alert(1)><div>둘째&nbsp;줄</div></body></html>", Encoding.UTF8)) + "\r\n");

    /// <summary>A mail whose declared charset nobody knows and whose bytes are not text.</summary>
    public static byte[] UnknownCharset(string messageId, string from) =>
        [.. Latin($"From: {from}\r\nSubject: broken\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"x-no-such-charset\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"),
         .. new byte[] { 0xFF, 0xFE, 0x00, 0x81, 0x82, 0xC0, 0xC1, 0xF5, 0xF6, 0xF7, 0xF8 }, .. Latin("\r\n")];

    /// <summary>A forwarded copy: a new mail carrying the original as message/rfc822.</summary>
    public static byte[] Forwarded(string messageId, string from, byte[] original) =>
        [.. Latin($"From: {from}\r\nSubject: Fwd\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"fw\"\r\n\r\n" +
                  "--fw\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nforwarding\r\n--fw\r\nContent-Type: message/rfc822\r\n\r\n"),
         .. original, .. Latin("\r\n--fw--\r\n")];

    /// <summary>Messages as an mbox: each after a "From " line, body lines starting with "From " escaped.</summary>
    public static byte[] Mbox(params byte[][] messages)
    {
        var output = new List<byte>();
        foreach (var message in messages)
        {
            output.AddRange(Latin("From sender@example.kr Tue Dec  1 10:00:00 2026\n"));
            output.AddRange(message);
            output.AddRange(Latin("\n"));
        }
        return [.. output];
    }

    private static byte[] Latin(string text) => Encoding.Latin1.GetBytes(text);

    private static string Wrap(string base64) =>
        string.Join("\r\n", Enumerable.Range(0, (base64.Length + 75) / 76).Select(i => base64.Substring(i * 76, Math.Min(76, base64.Length - (i * 76)))));
}
