namespace PlanWorkspace.Domain.Text;

/// <summary>
/// The two core algorithms of CodeMirror's change.ts, <c>mapSet</c> and <c>composeSets</c>,
/// ported line by line. Their exact branch order decides tie-breaking and how sections join,
/// which the wire format exposes, so they are deliberately not "simplified".
/// </summary>
internal static class ChangeAlgorithms
{
    /// <summary>Throws unless <paramref name="other"/> starts where <paramref name="first"/> ends.</summary>
    public static void CheckComposable(ChangeDesc first, ChangeDesc other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (first.NewLength != other.Length)
        {
            throw new ChangeSetException($"Mismatched change set lengths: cannot compose a change producing length {first.NewLength} with one of length {other.Length}.");
        }
    }

    /// <summary>Throws unless both changes start in documents of the same length.</summary>
    public static void CheckMappable(ChangeDesc changes, ChangeDesc other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (changes.Length != other.Length)
        {
            throw new ChangeSetException($"Mismatched change set lengths: cannot map a change of length {changes.Length} over one of length {other.Length}.");
        }
    }

    /// <summary>
    /// A copy of <paramref name="setA"/> that applies after <paramref name="setB"/>, both starting
    /// in the same document.
    /// </summary>
    public static ChangeDesc Map(ChangeDesc setA, ChangeDesc setB, bool before, bool withText)
    {
        var sections = new SectionBuilder(withText);
        var a = new SectionIter(setA);
        var b = new SectionIter(setB);

        // inserted tracks, for changes in A that are processed piece by piece, whether their
        // content has been inserted already; it holds the section index.
        for (var inserted = -1; ;)
        {
            if ((a.Done && b.Len != 0) || (b.Done && a.Len != 0))
            {
                throw new ChangeSetException("Mismatched change set lengths.");
            }
            else if (a.Ins == -1 && b.Ins == -1)
            {
                // Move across ranges skipped by both sets.
                var len = Math.Min(a.Len, b.Len);
                sections.AddSection(len, -1);
                a.Forward(len);
                b.Forward(len);
            }
            else if (b.Ins >= 0 && (a.Ins < 0 || inserted == a.I || (a.Off == 0 && (b.Len < a.Len || (b.Len == a.Len && !before)))))
            {
                // A change in B comes before the next change in A (ordered by start, then length,
                // then the before flag): skip it and drop whatever of A it covers.
                var len = b.Len;
                sections.AddSection(b.Ins, -1);
                while (len != 0)
                {
                    var piece = Math.Min(a.Len, len);
                    if (a.Ins >= 0 && inserted < a.I && a.Len <= piece)
                    {
                        sections.AddSection(0, a.Ins);
                        sections.AddInsert(a.Text);
                        inserted = a.I;
                    }

                    a.Forward(piece);
                    len -= piece;
                }

                b.Next();
            }
            else if (a.Ins >= 0)
            {
                // Process the part of a change in A up to the start of the next non-deletion
                // change in B (if overlapping).
                int len = 0, left = a.Len;
                while (left != 0)
                {
                    if (b.Ins == -1)
                    {
                        var piece = Math.Min(left, b.Len);
                        len += piece;
                        left -= piece;
                        b.Forward(piece);
                    }
                    else if (b.Ins == 0 && b.Len < left)
                    {
                        left -= b.Len;
                        b.Next();
                    }
                    else
                    {
                        break;
                    }
                }

                sections.AddSection(len, inserted < a.I ? a.Ins : 0);
                if (inserted < a.I)
                {
                    sections.AddInsert(a.Text);
                }

                inserted = a.I;
                a.Forward(a.Len - left);
            }
            else if (a.Done && b.Done)
            {
                return sections.Build();
            }
            else
            {
                throw new ChangeSetException("Mismatched change set lengths.");
            }
        }
    }

    /// <summary>The combined effect of <paramref name="setA"/> followed by <paramref name="setB"/>.</summary>
    public static ChangeDesc Compose(ChangeDesc setA, ChangeDesc setB, bool withText)
    {
        var sections = new SectionBuilder(withText);
        var a = new SectionIter(setA);
        var b = new SectionIter(setB);
        for (var open = false; ;)
        {
            if (a.Done && b.Done)
            {
                return sections.Build();
            }
            else if (a.Ins == 0)
            {
                // Deletion in A.
                sections.AddSection(a.Len, 0, open);
                a.Next();
            }
            else if (b.Len == 0 && !b.Done)
            {
                // Insertion in B.
                sections.AddSection(0, b.Ins, open);
                sections.AddInsert(b.Text);
                b.Next();
            }
            else if (a.Done || b.Done)
            {
                throw new ChangeSetException("Mismatched change set lengths.");
            }
            else
            {
                int len = Math.Min(a.Len2, b.Len), sectionLen = sections.Count;
                if (a.Ins == -1)
                {
                    var insB = b.Ins == -1 ? -1 : b.Off != 0 ? 0 : b.Ins;
                    sections.AddSection(len, insB, open);
                    if (insB != 0)
                    {
                        sections.AddInsert(b.Text);
                    }
                }
                else if (b.Ins == -1)
                {
                    sections.AddSection(a.Off != 0 ? 0 : a.Len, len, open);
                    if (sections.WithText)
                    {
                        sections.AddInsert(a.TextBit(len));
                    }
                }
                else
                {
                    sections.AddSection(a.Off != 0 ? 0 : a.Len, b.Off != 0 ? 0 : b.Ins, open);
                    if (b.Off == 0)
                    {
                        sections.AddInsert(b.Text);
                    }
                }

                open = (a.Ins > len || (b.Ins >= 0 && b.Len > len)) && (open || sections.Count > sectionLen);
                a.Forward2(len);
                b.Forward(len);
            }
        }
    }
}
