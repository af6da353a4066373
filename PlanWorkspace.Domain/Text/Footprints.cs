namespace PlanWorkspace.Domain.Text;

/// <summary>
/// Follows one chain of updates over a base document and says, for each update, which stretch
/// of the base document it touches (its footprint, in base positions). A character the chain
/// inserted carries the footprint of the update that inserted it, so a later update that edits
/// inserted text is placed where that text came from. Footprints are conservative: they include
/// the characters on both sides of every change, so two updates whose footprints are separated
/// by a base character are separated by it in every document either chain passes through.
/// Used by <see cref="RegionRebase"/>; costs O(pieces walked) per update, and typing runs keep
/// the piece list short (consecutive keystrokes join one piece).
/// </summary>
internal sealed class Footprints
{
    // The current document as pieces: a run of base characters (Original, starting at base
    // position Lo) or inserted text (every character labelled with the base range Lo..Hi).
    private struct Piece
    {
        public int Length;
        public int Lo;
        public int Hi;
        public bool Original;
    }

    private readonly List<Piece> _pieces = [];
    private readonly int _baseLength;
    private int _length;

    // A cursor into _pieces (index, and the document position where that piece starts): updates
    // of one chain are mostly near each other, so walking from the last place is short.
    private int _cursor;
    private int _cursorStart;

    public Footprints(int baseLength)
    {
        _baseLength = baseLength;
        _length = baseLength;
        if (baseLength > 0)
        {
            _pieces.Add(new Piece { Length = baseLength, Lo = 0, Hi = baseLength, Original = true });
        }
    }

    /// <summary>
    /// The footprint of <paramref name="change"/> (which must fit the current document), as a
    /// closed range of base positions; then the document moves past the change.
    /// </summary>
    public (int Lo, int Hi) Track(ChangeDesc change)
    {
        var sections = change.Sections;
        int lo = int.MaxValue, hi = int.MinValue;
        var pos = 0;
        for (var k = 0; k < sections.Length; k += 2)
        {
            if (sections[k + 1] >= 0)
            {
                AddLabels(pos - 1, pos + sections[k] + 1, ref lo, ref hi);
            }
            pos += sections[k];
        }

        // Apply from the end, so the positions of earlier sections stay valid.
        for (var k = sections.Length - 2; k >= 0; k -= 2)
        {
            pos -= sections[k];
            if (sections[k + 1] >= 0)
            {
                Replace(pos, sections[k], sections[k + 1], lo, hi);
            }
        }
        return (lo, hi);
    }

    // Widens lo..hi by the labels of the characters from..to (clipped; an edge of the document
    // counts as base position 0 or the base length).
    private void AddLabels(int from, int to, ref int lo, ref int hi)
    {
        if (from < 0)
        {
            lo = Math.Min(lo, 0);
            hi = Math.Max(hi, 0);
            from = 0;
        }
        if (to > _length)
        {
            lo = Math.Min(lo, _baseLength);
            hi = Math.Max(hi, _baseLength);
            to = _length;
        }
        if (from >= to)
        {
            return;
        }

        Seek(from);
        var index = _cursor;
        var start = _cursorStart;
        while (start < to)
        {
            var piece = _pieces[index];
            if (piece.Original)
            {
                lo = Math.Min(lo, piece.Lo + Math.Max(from, start) - start);
                hi = Math.Max(hi, piece.Lo + Math.Min(to, start + piece.Length) - start);
            }
            else
            {
                lo = Math.Min(lo, piece.Lo);
                hi = Math.Max(hi, piece.Hi);
            }
            start += piece.Length;
            index++;
        }
    }

    private void Replace(int pos, int length, int insert, int lo, int hi)
    {
        var first = SplitAt(pos);
        var end = SplitAt(pos + length);
        _pieces.RemoveRange(first, end - first);
        _length -= length;
        if (insert > 0)
        {
            _pieces.Insert(first, new Piece { Length = insert, Lo = lo, Hi = hi });
            _length += insert;
            TryJoin(first);
        }

        var start = pos;
        if (first > 0 && first < _pieces.Count)
        {
            var leftLength = _pieces[first - 1].Length;
            if (TryJoin(first - 1))
            {
                first--;
                start -= leftLength;
            }
        }
        _cursor = first;
        _cursorStart = start;
    }

    // Joins pieces index and index + 1 when they are one run: the same label, or base text that continues.
    private bool TryJoin(int index)
    {
        if (index + 1 >= _pieces.Count)
        {
            return false;
        }
        var left = _pieces[index];
        var right = _pieces[index + 1];
        var joins = left.Original
            ? right.Original && right.Lo == left.Lo + left.Length
            : !right.Original && right.Lo == left.Lo && right.Hi == left.Hi;
        if (!joins)
        {
            return false;
        }
        left.Length += right.Length;
        left.Hi = left.Original ? left.Lo + left.Length : left.Hi;
        _pieces[index] = left;
        _pieces.RemoveAt(index + 1);
        return true;
    }

    // The index of the piece that starts at pos (splitting the piece around it if needed); the
    // piece count when pos is the end of the document.
    private int SplitAt(int pos)
    {
        if (pos >= _length)
        {
            return _pieces.Count;
        }
        Seek(pos);
        if (_cursorStart == pos)
        {
            return _cursor;
        }
        var piece = _pieces[_cursor];
        var leftLength = pos - _cursorStart;
        var right = piece.Original
            ? new Piece { Length = piece.Length - leftLength, Lo = piece.Lo + leftLength, Hi = piece.Hi, Original = true }
            : new Piece { Length = piece.Length - leftLength, Lo = piece.Lo, Hi = piece.Hi };
        piece.Length = leftLength;
        piece.Hi = piece.Original ? piece.Lo + leftLength : piece.Hi;
        _pieces[_cursor] = piece;
        _pieces.Insert(_cursor + 1, right);
        return _cursor + 1;
    }

    // Moves the cursor to the piece holding position pos (0 <= pos < length).
    private void Seek(int pos)
    {
        while (_cursorStart > pos)
        {
            _cursor--;
            _cursorStart -= _pieces[_cursor].Length;
        }
        while (_cursorStart + _pieces[_cursor].Length <= pos)
        {
            _cursorStart += _pieces[_cursor].Length;
            _cursor++;
        }
    }
}
