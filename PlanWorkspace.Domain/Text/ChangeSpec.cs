namespace PlanWorkspace.Domain.Text;

/// <summary>
/// One replacement for <see cref="ChangeSet.Of(int, ReadOnlySpan{ChangeSpec})"/>: the range
/// <see cref="From"/>..<see cref="To"/> of the original document (UTF-16 code units) is replaced
/// by <see cref="Insert"/>. An insertion has From == To; a deletion has an empty Insert.
/// </summary>
public readonly record struct ChangeSpec(int From, int To, string Insert)
{
    /// <summary>An insertion of <paramref name="insert"/> at <paramref name="at"/>.</summary>
    public static ChangeSpec Insertion(int at, string insert) => new(at, at, insert);

    /// <summary>A deletion of the range <paramref name="from"/>..<paramref name="to"/>.</summary>
    public static ChangeSpec Deletion(int from, int to) => new(from, to, string.Empty);
}
