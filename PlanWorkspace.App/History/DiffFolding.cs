namespace PlanWorkspace.App.History;

/// <summary>A run of a diff to show as it is, or (when <see cref="FoldedUnits"/> is above 0) an unchanged run folded away behind a "show" control.</summary>
public sealed record DiffPart(IReadOnlyList<DiffSegment> Segments, int FoldedUnits)
{
    public bool Folded => FoldedUnits > 0;
}

/// <summary>
/// Folds the long unchanged runs of a diff, as code review tools do, so that a reviewer sees what
/// changed with a little context around it. Runs are cut only inside equal segments and only at
/// unit boundaries: lines for the source view, paragraphs (a blank line) for the rendered view, so
/// each part is whole Markdown blocks and renders on its own. Nothing is dropped: the parts joined
/// are the segments given.
/// </summary>
public static class DiffFolding
{
    /// <summary>
    /// Parts of <paramref name="segments"/> with each unchanged run of more than
    /// <paramref name="context"/> + <paramref name="minimum"/> + <paramref name="context"/> units folded,
    /// keeping <paramref name="context"/> units next to each change (none at the start or end of the text).
    /// A diff without changes is one unfolded part.
    /// </summary>
    public static IReadOnlyList<DiffPart> Fold(IReadOnlyList<DiffSegment> segments, bool byParagraph, int context = 2, int minimum = 4)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        if (segments.All(s => s.Kind == DiffKind.Equal))
        {
            return [new DiffPart(segments, 0)];
        }
        var parts = new List<DiffPart>();
        var current = new List<DiffSegment>();
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.Kind != DiffKind.Equal)
            {
                current.Add(segment);
                continue;
            }
            var units = Units(segment.Text, byParagraph);
            // A run that starts mid-line (after a word-level change) or ends mid-line carries that partial
            // unit as well: context counts whole units.
            var head = i == 0 ? 0 : context + (segments[i - 1].Text.EndsWith('\n') ? 0 : 1);
            var tail = i == segments.Count - 1 ? 0 : context + (segment.Text.EndsWith('\n') ? 0 : 1);
            if (units.Count - head - tail < minimum)
            {
                current.Add(segment);
                continue;
            }
            if (head > 0)
            {
                current.Add(new DiffSegment(DiffKind.Equal, string.Concat(units.Take(head))));
            }
            if (current.Count > 0)
            {
                parts.Add(new DiffPart(current, 0));
                current = [];
            }
            var hidden = units.Count - head - tail;
            parts.Add(new DiffPart([new DiffSegment(DiffKind.Equal, string.Concat(units.Skip(head).Take(hidden)))], hidden));
            if (tail > 0)
            {
                current.Add(new DiffSegment(DiffKind.Equal, string.Concat(units.Skip(head + hidden))));
            }
        }
        if (current.Count > 0)
        {
            parts.Add(new DiffPart(current, 0));
        }
        return parts;
    }

    // Lines keep their "\n"; a paragraph keeps the blank line(s) after it. The last unit may lack either.
    private static List<string> Units(string text, bool byParagraph)
    {
        var units = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n')
            {
                continue;
            }
            var ends = byParagraph
                ? i > 0 && text[i - 1] == '\n' && (i + 1 >= text.Length || text[i + 1] != '\n')
                : true;
            if (ends)
            {
                units.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            units.Add(text[start..]);
        }
        return units;
    }
}
