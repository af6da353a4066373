using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace PlanWorkspace.App.Consultation;

/// <summary>
/// The child side of PDF text extraction (ADR-017): the hidden command
/// <c>extract-pdf-text &lt;max characters&gt; &lt;max pages&gt;</c> reads one PDF from standard input, writes
/// the text of its first pages to standard output (UTF-8) and exits with a code from
/// <see cref="ExitCode"/>. It runs before the web host is built, so the child loads PdfPig and
/// nothing else: no configuration, no database. Its memory is bounded by the heap limit its parent
/// sets (DOTNET_GCHeapHardLimit), its time by the parent's kill; what PdfPig throws on a hostile
/// file ends here, in a process that is about to end anyway.
/// </summary>
public static class PdfTextCommand
{
    public const string Name = "extract-pdf-text";

    /// <summary>The largest PDF read from standard input (the attachment limits are far below).</summary>
    private const int MaxInputBytes = 64 * 1024 * 1024;

    /// <summary>How the child ends; the parent maps each to a note in the inbox.</summary>
    public enum ExitCode
    {
        Done = 0,
        Usage = 2,
        Encrypted = 10,
        TooLarge = 11,
        Unreadable = 12,
    }

    public static bool Handles(string[] args) => args is [Name, ..];

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not [Name, var charsArg, var pagesArg] || !int.TryParse(charsArg, out var maxChars) || !int.TryParse(pagesArg, out var maxPages) || maxChars < 1 || maxPages < 1)
        {
            Console.Error.WriteLine($"Usage: {Name} <max characters> <max pages> < file.pdf");
            return (int)ExitCode.Usage;
        }
        // PdfPig's lenient parsing swallows some failures, an OutOfMemoryException inside a page's
        // content stream among them (the page then reads as empty): a first-chance handler sees it anyway.
        var outOfMemory = false;
        AppDomain.CurrentDomain.FirstChanceException += (_, e) => outOfMemory |= e.Exception is OutOfMemoryException;
        try
        {
            var pdf = ReadInput();
            if (pdf is null)
            {
                return (int)ExitCode.TooLarge;
            }
            var text = Extract(pdf, maxChars, maxPages);
            if (outOfMemory)
            {
                return (int)ExitCode.TooLarge;
            }
            using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            output.Write(text);
            return (int)ExitCode.Done;
        }
        catch (PdfDocumentEncryptedException)
        {
            return (int)ExitCode.Encrypted;
        }
        catch (OutOfMemoryException)
        {
            // The heap limit was met: an inflating stream or a huge object graph. Nothing is written.
            return (int)ExitCode.TooLarge;
        }
        catch (Exception e)
        {
            // Whatever a hostile file makes the parser throw means "unreadable"; the process ends here.
            Console.Error.WriteLine(e.GetType().Name);
            return (int)ExitCode.Unreadable;
        }
    }

    private static byte[]? ReadInput()
    {
        using var input = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = input.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxInputBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The text of the first <paramref name="maxPages"/> pages in content order, a blank line between pages, cut at <paramref name="maxChars"/>.</summary>
    internal static string Extract(byte[] pdf, int maxChars, int maxPages)
    {
        using var document = PdfDocument.Open(pdf, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        var builder = new StringBuilder();
        var pages = Math.Min(document.NumberOfPages, maxPages);
        for (var number = 1; number <= pages && builder.Length < maxChars; number++)
        {
            var text = ContentOrderTextExtractor.GetText(document.GetPage(number));
            builder.Append(text.Trim()).Append("\n\n");
        }
        var all = builder.ToString().Trim();
        if (all.Length <= maxChars)
        {
            return all;
        }
        return all[..(char.IsHighSurrogate(all[maxChars - 1]) ? maxChars - 1 : maxChars)];
    }
}
