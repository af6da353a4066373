using System.Text;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Bench.Traces;

/// <summary>
/// Two long branches from one base text: a chair typing offline (pending updates, made on the
/// base text) while others kept editing online (missed updates, accepted one after another).
/// </summary>
/// <param name="BaseText">The section text both branches start from.</param>
/// <param name="Pending">The chair's updates, a chain on <paramref name="BaseText"/>.</param>
/// <param name="Missed">The others' updates, a chain on <paramref name="BaseText"/>.</param>
public sealed record OfflineBranches(string BaseText, IReadOnlyList<ChangeSet> Pending, IReadOnlyList<ChangeSet> Missed)
{
    private const string Words = "인공지능 행동계획 데이터 인프라 반도체 인재 양성 규제 샌드박스 the plan data compute talent safety 공공 부문 도입 ";

    /// <summary>
    /// Generates the branches, seeded: the base text has a dozen paragraphs; three others type
    /// in their own paragraphs, taking turns keystroke by keystroke (typing, backspaces, now and
    /// then deleting or overtyping a few characters), and every 250th of their updates touches the
    /// chair's paragraph; the chair types in that paragraph and, every 500 updates, jumps to a
    /// random place. With <paramref name="crossing"/>, one of the others starts just before the
    /// chair's spot and rewrites its way through it: a spot both edit for a long time.
    /// </summary>
    public static OfflineBranches Generate(int pending, int missed, int seed, bool crossing = false)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var p = 0; p < 12; p++)
        {
            for (var w = 0; w < 60; w++)
            {
                text.Append(Word(random));
            }
            text.Append("\n\n");
        }
        var baseText = text.ToString();

        var chairParagraph = ParagraphStart(baseText, 10);
        var others = new Typist[3];
        for (var t = 0; t < others.Length; t++)
        {
            others[t] = new Typist(ParagraphStart(baseText, 1 + (3 * t)) + 40, rewrites: 1);
        }
        if (crossing)
        {
            others[2] = new Typist(chairParagraph - 150, rewrites: 2);
        }
        var missedChain = new List<ChangeSet>(missed);
        var length = baseText.Length;
        var shared = chairParagraph + 200;
        for (var j = 0; j < missed; j++)
        {
            var typist = others[random.Next(others.Length)];
            ChangeSet changes;
            Typist? author = typist;
            if (j % 250 == 249)
            {
                // Someone tidies the chair's paragraph too: a region both branches edit.
                var at = Math.Min(length, shared + random.Next(40));
                changes = ChangeSet.Of(length, at, Math.Min(length, at + 1), "·");
                author = null;
            }
            else
            {
                changes = typist.Next(random, length);
            }
            missedChain.Add(changes);
            length = changes.NewLength;

            // Everyone else's cursor follows the text it is in.
            foreach (var other in others)
            {
                if (other != author)
                {
                    other.Cursor = changes.MapPosition(other.Cursor, 1);
                }
            }
            shared = changes.MapPosition(shared, 1);
        }

        var chair = new Typist(chairParagraph + 10, rewrites: 1);
        var pendingChain = new List<ChangeSet>(pending);
        length = baseText.Length;
        for (var i = 0; i < pending; i++)
        {
            if (i % 500 == 499)
            {
                chair.Cursor = random.Next(length + 1);
            }
            pendingChain.Add(chair.Next(random, length));
            length = pendingChain[^1].NewLength;
        }
        return new OfflineBranches(baseText, pendingChain, missedChain);
    }

    private static string Word(Random random)
    {
        var words = Words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words[random.Next(words.Length)] + " ";
    }

    private static int ParagraphStart(string text, int paragraph)
    {
        var at = 0;
        for (var p = 0; p < paragraph; p++)
        {
            at = text.IndexOf("\n\n", at, StringComparison.Ordinal) + 2;
        }
        return at;
    }

    // One person at a cursor: mostly typing, sometimes a backspace; in `rewrites` of 100
    // keystrokes each, deleting 6 characters ahead or overtyping 3 (which walks through the text).
    private sealed class Typist(int cursor, int rewrites)
    {
        public int Cursor { get; set; } = cursor;

        public ChangeSet Next(Random random, int length)
        {
            Cursor = Math.Clamp(Cursor, 0, length);
            var roll = random.Next(100);
            if (roll < 8 && Cursor > 0)
            {
                Cursor--;
                return ChangeSet.Of(length, Cursor, Cursor + 1, "");
            }
            if (roll < 8 + rewrites && Cursor + 6 <= length)
            {
                return ChangeSet.Of(length, Cursor, Cursor + 6, "");
            }
            if (roll < 8 + (2 * rewrites) && Cursor + 3 <= length)
            {
                var replaced = ChangeSet.Of(length, Cursor, Cursor + 3, "데이터");
                Cursor += 3;
                return replaced;
            }
            var ch = Words[random.Next(Words.Length)].ToString();
            var typed = ChangeSet.Of(length, Cursor, Cursor, ch);
            Cursor++;
            return typed;
        }
    }
}
