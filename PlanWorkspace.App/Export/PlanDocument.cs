namespace PlanWorkspace.App.Export;

/// <summary>
/// The assembled plan as format-neutral blocks — headings with their outline numbers, paragraphs
/// of styled runs, list items as marked and indented paragraphs, tables — which the DOCX, HWPX and
/// Markdown writers turn into their formats. Built by <see cref="PlanDocumentBuilder"/>.
/// </summary>
public sealed record PlanDocument(string Title, IReadOnlyList<DocBlock> Blocks);

/// <summary>A block of the neutral document.</summary>
public abstract record DocBlock;

/// <summary>A heading: level 1 for a body ("1."), 2 for a section ("가."), 3–6 inside a section. The text includes the number.</summary>
public sealed record DocHeading(int Level, string Text) : DocBlock;

/// <summary>What kind of paragraph this is, for styling.</summary>
public enum DocParagraphKind
{
    Normal,
    Title,
    Subtitle,
    Quote,
    Code,
    Warning,
}

/// <summary>A paragraph; a list item carries its <paramref name="Marker"/> ("•", "1.") and nesting <paramref name="Indent"/>.</summary>
public sealed record DocParagraph(IReadOnlyList<DocRun> Runs, int Indent = 0, string? Marker = null, DocParagraphKind Kind = DocParagraphKind.Normal) : DocBlock
{
    public DocParagraph(string text, DocParagraphKind kind = DocParagraphKind.Normal) : this([new DocRun(text)], 0, null, kind)
    {
    }

    public string Text => string.Concat(Runs.Select(r => r.Text));
}

/// <summary>A table of plain-text cells with one header row.</summary>
public sealed record DocTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : DocBlock;

/// <summary>Where a word processor's own table of contents goes (a TOC field in DOCX).</summary>
public sealed record DocTableOfContents : DocBlock;

/// <summary>Text with one style. <paramref name="Link"/> is an http(s) or mailto address, nothing else.</summary>
public sealed record DocRun(string Text, bool Bold = false, bool Italic = false, bool Code = false, string? Link = null);

/// <summary>A document's descriptive metadata (HWPX's content.hpf): title, author, subject, description, date.</summary>
public sealed record DocMetadata(string Title, string Creator, string Subject, string Description, DateTimeOffset Created);
