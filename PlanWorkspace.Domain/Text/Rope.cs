namespace PlanWorkspace.Domain.Text;

/// <summary>
/// Mutable text storage for the server copy of a document: a B-tree whose leaves hold chunks of
/// at most <see cref="MaxLeaf"/> UTF-16 code units (ADR-003). Replacing a few characters costs
/// O(log n) plus moving at most one leaf's characters, so an edit on a 100,000-character
/// section costs about what it costs on a 1,000-character one; the whole text is only copied by
/// <see cref="ToString"/>. Not thread-safe: its owner (the document authority) is the single writer.
/// </summary>
public sealed class Rope
{
    /// <summary>Capacity of a leaf, in code units.</summary>
    public const int MaxLeaf = 2048;

    // Inserts are fed to the tree in pieces of at most half a leaf, so a full leaf plus one
    // piece always splits into exactly two leaves.
    private const int MaxPiece = MaxLeaf / 2;
    private const int MaxChildren = 16;

    // A leaf this small after a deletion is merged into a neighbour, so long documents that
    // shrink do not end up as many near-empty leaves.
    private const int MergeBelow = MaxLeaf / 4;

    private Node _root = new Leaf();

    /// <summary>Creates an empty rope.</summary>
    public Rope()
    {
    }

    /// <summary>Creates a rope holding <paramref name="text"/>.</summary>
    public Rope(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Insert(0, text);
    }

    /// <summary>Length in UTF-16 code units.</summary>
    public int Length => _root.Length;

    /// <summary>
    /// Replaces <paramref name="deleteLength"/> code units at <paramref name="from"/> with
    /// <paramref name="insert"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the text.</exception>
    public void Replace(int from, int deleteLength, ReadOnlySpan<char> insert)
    {
        CheckRange(from, deleteLength);
        if (deleteLength > 0)
        {
            DeleteCore(from, deleteLength);
        }

        if (!insert.IsEmpty)
        {
            InsertCore(from, insert);
        }
    }

    /// <summary>Inserts <paramref name="text"/> at <paramref name="pos"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is not inside the text.</exception>
    public void Insert(int pos, ReadOnlySpan<char> text) => Replace(pos, 0, text);

    /// <summary>Deletes <paramref name="length"/> code units at <paramref name="from"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the text.</exception>
    public void Delete(int from, int length) => Replace(from, length, []);

    /// <summary>Copies <paramref name="length"/> code units starting at <paramref name="from"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the text.</exception>
    public string Substring(int from, int length)
    {
        CheckRange(from, length);
        return string.Create(length, (this, from), static (span, state) => CopyRange(state.Item1._root, state.from, span));
    }

    /// <summary>Materialises the whole text (O(n); the only operation that copies it all).</summary>
    public override string ToString() => Substring(0, Length);

    /// <summary>Depth of the tree; exposed so tests can check it stays logarithmic.</summary>
    public int Depth
    {
        get
        {
            var depth = 1;
            for (var node = _root; node is Branch branch; node = branch.Children[0])
            {
                depth++;
            }

            return depth;
        }
    }

    private void CheckRange(int from, int length)
    {
        if (from < 0 || length < 0 || from > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"Range {from}+{length} is outside a text of length {Length}.");
        }
    }

    private void InsertCore(int pos, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var piece = text.Length <= MaxPiece ? text : text[..MaxPiece];
            var split = InsertInto(_root, pos, piece);
            if (split is not null)
            {
                var root = new Branch();
                root.Add(_root);
                root.Add(split);
                _root = root;
            }

            pos += piece.Length;
            text = text[piece.Length..];
        }
    }

    // Returns a new right sibling when the node overflowed and split.
    private static Node? InsertInto(Node node, int pos, ReadOnlySpan<char> text)
    {
        if (node is Leaf leaf)
        {
            return leaf.Insert(pos, text);
        }

        var branch = (Branch)node;
        var i = 0;

        // Ties go left: typing at the end of a chunk appends to that chunk.
        while (i < branch.Count - 1 && pos > branch.Children[i].Length)
        {
            pos -= branch.Children[i].Length;
            i++;
        }

        branch.Length += text.Length;
        var split = InsertInto(branch.Children[i], pos, text);
        if (split is null)
        {
            return null;
        }

        branch.InsertAt(i + 1, split);
        return branch.Count > MaxChildren ? branch.SplitHalf() : null;
    }

    private void DeleteCore(int from, int length)
    {
        DeleteFrom(_root, from, from + length);
        while (_root is Branch { Count: <= 1 } branch)
        {
            _root = branch.Count == 0 ? new Leaf() : branch.Children[0];
        }
    }

    private static void DeleteFrom(Node node, int from, int to)
    {
        if (node is Leaf leaf)
        {
            leaf.Delete(from, to - from);
            return;
        }

        var branch = (Branch)node;
        branch.Length -= to - from;
        var start = 0;
        for (var i = 0; i < branch.Count && start < to;)
        {
            var child = branch.Children[i];
            var end = start + child.Length;
            if (end <= from)
            {
                start = end;
                i++;
                continue;
            }

            DeleteFrom(child, Math.Max(from, start) - start, Math.Min(to, end) - start);
            if (child.Length == 0)
            {
                branch.RemoveAt(i);
            }
            else
            {
                i++;
            }

            start = end;
        }

        // Merge only after all deletions, so no child's offset moves while the range is walked.
        for (var i = 0; i < branch.Count; i++)
        {
            if (branch.Children[i] is Leaf { Length: < MergeBelow })
            {
                var holder = branch.MergeLeaf(i);
                if (holder >= 0)
                {
                    // Re-examine the leaf that grew; every merge removes a child, so this ends.
                    i = holder - 1;
                }
            }
        }
    }

    private static void CopyRange(Node node, int from, Span<char> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        if (node is Leaf leaf)
        {
            leaf.Chars.AsSpan(from, destination.Length).CopyTo(destination);
            return;
        }

        var branch = (Branch)node;
        for (var i = 0; i < branch.Count && !destination.IsEmpty; i++)
        {
            var child = branch.Children[i];
            if (from >= child.Length)
            {
                from -= child.Length;
                continue;
            }

            var take = Math.Min(child.Length - from, destination.Length);
            CopyRange(child, from, destination[..take]);
            destination = destination[take..];
            from = 0;
        }
    }

    private abstract class Node
    {
        public int Length;
    }

    private sealed class Leaf : Node
    {
        public char[] Chars = new char[MaxLeaf];

        public Leaf? Insert(int pos, ReadOnlySpan<char> text)
        {
            var chars = Chars;
            if (Length + text.Length <= MaxLeaf)
            {
                Array.Copy(chars, pos, chars, pos + text.Length, Length - pos);
                text.CopyTo(chars.AsSpan(pos));
                Length += text.Length;
                return null;
            }

            // Overflow: lay the combined text out once and share it between two leaves.
            var total = Length + text.Length;
            Span<char> all = stackalloc char[total];
            chars.AsSpan(0, pos).CopyTo(all);
            text.CopyTo(all[pos..]);
            chars.AsSpan(pos, Length - pos).CopyTo(all[(pos + text.Length)..]);
            var half = total / 2;
            var right = new Leaf();
            all[..half].CopyTo(chars);
            all[half..].CopyTo(right.Chars);
            Length = half;
            right.Length = total - half;
            return right;
        }

        public void Delete(int from, int length)
        {
            Array.Copy(Chars, from + length, Chars, from, Length - from - length);
            Length -= length;
        }
    }

    private sealed class Branch : Node
    {
        // One spare slot so an insert can overflow before the branch splits.
        public Node[] Children = new Node[MaxChildren + 1];
        public int Count;

        public void Add(Node child)
        {
            Children[Count++] = child;
            Length += child.Length;
        }

        public void InsertAt(int index, Node child)
        {
            Array.Copy(Children, index, Children, index + 1, Count - index);
            Children[index] = child;
            Count++;
        }

        public void RemoveAt(int index)
        {
            Array.Copy(Children, index + 1, Children, index, Count - index - 1);
            Children[--Count] = null!;
        }

        public Branch SplitHalf()
        {
            var right = new Branch();
            var half = Count / 2;
            for (var i = half; i < Count; i++)
            {
                right.Add(Children[i]);
                Children[i] = null!;
            }

            Count = half;
            Length -= right.Length;
            return right;
        }

        // Merges the small leaf at index into a neighbouring leaf when both fit in one; returns
        // the index of the leaf that now holds its text, or -1 when neither neighbour had room.
        public int MergeLeaf(int index)
        {
            var leaf = (Leaf)Children[index];
            if (index + 1 < Count && Children[index + 1] is Leaf next && leaf.Length + next.Length <= MaxLeaf)
            {
                next.Chars.AsSpan(0, next.Length).CopyTo(leaf.Chars.AsSpan(leaf.Length));
                leaf.Length += next.Length;
                RemoveAt(index + 1);
                return index;
            }

            if (index > 0 && Children[index - 1] is Leaf previous && leaf.Length + previous.Length <= MaxLeaf)
            {
                leaf.Chars.AsSpan(0, leaf.Length).CopyTo(previous.Chars.AsSpan(previous.Length));
                previous.Length += leaf.Length;
                RemoveAt(index);
                return index - 1;
            }

            return -1;
        }
    }
}
