using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Domain.Consultation;

/// <summary>The kinds of file an opinion may carry, as recognised from their content.</summary>
public enum AttachmentKind
{
    Pdf,
    Hwp,
    Hwpx,
    Docx,
    Png,
    Jpeg,
    /// <summary>Kept from a mail but not one of the accepted kinds (never offered inline).</summary>
    Other,
}

/// <summary>Why an attachment that could carry text gave none to the search (shown beside it in the inbox).</summary>
public enum AttachmentTextProblem
{
    /// <summary>The file is locked with a password.</summary>
    Encrypted,
    /// <summary>The file holds no text layer (a scan, pictures only).</summary>
    NoText,
    /// <summary>Reading it took longer than the time allowed.</summary>
    TimedOut,
    /// <summary>Reading it needed more memory than allowed (e.g. a stream that inflates without end).</summary>
    TooLarge,
    /// <summary>The file is damaged or not what it claims to be.</summary>
    Unreadable,
    /// <summary>Other files were being read and its turn did not come in time.</summary>
    Busy,
    /// <summary>The opinion carries more such files than are read for one opinion.</summary>
    Skipped,
}

/// <summary>A file attached to an opinion. Its kind was decided from its bytes, never from its name.</summary>
public sealed class OpinionAttachment
{
    public const int MaxFileNameLength = 255;

    private OpinionAttachment() { FileName = string.Empty; Content = []; }

    /// <exception cref="DomainException">The file is empty or its name is unusable.</exception>
    public OpinionAttachment(string? fileName, AttachmentKind kind, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            throw new DomainException(Refusals.Opinions.AttachmentEmpty);
        }
        FileName = SafeName(fileName);
        Kind = kind;
        Content = content;
        Size = content.Length;
    }

    public int Id { get; private set; }
    public int OpinionId { get; private set; }
    public string FileName { get; private set; }
    public AttachmentKind Kind { get; private set; }
    public long Size { get; private set; }
    public byte[] Content { get; private set; }

    /// <summary>Why the file's text could not be read for the search; null when it was, or when its kind has none (images).</summary>
    public AttachmentTextProblem? TextProblem { get; private set; }

    /// <summary>Records why the text of this file could not be read (null: it was).</summary>
    public void NoteTextProblem(AttachmentTextProblem? problem) => TextProblem = problem;

    /// <summary>The file name without any folder part or control characters, cut to a safe length.</summary>
    public static string SafeName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0 || name is "." or "..")
        {
            name = "attachment";
        }
        return name.Length <= MaxFileNameLength ? name : name[^MaxFileNameLength..];
    }
}
