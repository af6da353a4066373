using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// PDFs for the attachment-text tests, made here rather than kept as files: Korean text printed by
/// Chromium (real fonts, ToUnicode maps), a one-page PDF written object by object with a standard
/// font, a deflate bomb (1 GB of zeros as a page's content stream, about 1 MB on disk) and garbage.
/// </summary>
public static class PdfFiles
{
    private static readonly Lazy<byte[]> BombBytes = new(() => WithContent(Bomb1Gb(), flate: true));

    /// <summary>The paragraphs printed to PDF by Chromium (Noto/Nanum fonts, embedded as CID fonts with ToUnicode).</summary>
    public static async Task<byte[]> PrintedAsync(params string[] paragraphs)
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            page.SetDefaultTimeout(60_000);
            var body = string.Concat(paragraphs.Select(p => "<p>" + System.Net.WebUtility.HtmlEncode(p) + "</p>"));
            await page.SetContentAsync($"<!doctype html><html lang=\"ko\"><meta charset=\"utf-8\"><body style=\"font-family:sans-serif\">{body}</body></html>", new() { Timeout = 30_000 });
            return await page.PdfAsync(new PagePdfOptions { Format = "A4" });
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    /// <summary>A one-page PDF showing <paramref name="asciiText"/> in Helvetica (one of the standard fonts every reader knows).</summary>
    public static byte[] Simple(string asciiText) =>
        WithContent(Encoding.ASCII.GetBytes($"BT /F1 12 Tf 72 720 Td ({asciiText.Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal)}) Tj ET"), flate: false);

    /// <summary>A valid PDF whose only page's content stream inflates to 1 GB of zeros.</summary>
    public static byte[] DeflateBomb() => BombBytes.Value;

    /// <summary>
    /// A PDF under the standard security handler (RC4, revision 2) whose password is not empty: the
    /// O and U entries are random, so neither the empty user nor the empty owner password opens it.
    /// </summary>
    public static byte[] Locked()
    {
        var random = new Random(17);
        string Hex() { var b = new byte[32]; random.NextBytes(b); return Convert.ToHexString(b); }
        return WithContent("BT /F1 12 Tf 72 720 Td (secret) Tj ET"u8.ToArray(), flate: false,
            encrypt: $"<< /Filter /Standard /V 1 /R 2 /O <{Hex()}> /U <{Hex()}> /P -4 >>");
    }

    /// <summary>Starts as a PDF and holds an object, then nothing that makes a document.</summary>
    public static byte[] Garbage()
    {
        var noise = new byte[4000];
        new Random(13).NextBytes(noise);
        return [.. "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 7 0 R >>\nendobj\n"u8, .. noise, .. "\nstartxref\n99999\n%%EOF\n"u8];
    }

    private static byte[] Bomb1Gb()
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[16 * 1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                zlib.Write(zeros);
            }
        }
        return output.ToArray();
    }

    /// <summary>Catalog, pages, one page with Helvetica as F1, and its content stream; a correct cross-reference table.</summary>
    private static byte[] WithContent(byte[] content, bool flate, string? encrypt = null)
    {
        var objects = new List<byte[]>
        {
            "<< /Type /Catalog /Pages 2 0 R >>"u8.ToArray(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"u8.ToArray(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"u8.ToArray(),
            Encoding.ASCII.GetBytes($"<< /Length {content.Length.ToString(CultureInfo.InvariantCulture)}{(flate ? " /Filter /FlateDecode" : "")} >>\nstream\n").Concat(content).Concat("\nendstream"u8.ToArray()).ToArray(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"u8.ToArray(),
        };
        if (encrypt is not null)
        {
            objects.Add(Encoding.ASCII.GetBytes(encrypt));
        }
        using var pdf = new MemoryStream();
        pdf.Write("%PDF-1.4\n"u8);
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write("\nendobj\n"u8);
        }
        var xref = pdf.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }
        var security = encrypt is null ? "" : $" /Encrypt {objects.Count} 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]";
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R{security} >>\nstartxref\n{xref}\n%%EOF\n");
        pdf.Write(Encoding.ASCII.GetBytes(table.ToString()));
        return pdf.ToArray();
    }
}
