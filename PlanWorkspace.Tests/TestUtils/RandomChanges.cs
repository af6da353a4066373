using System.Text;
using System.Text.Json.Nodes;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>Seeded generators of documents and change sets for the property and differential tests.</summary>
public static class RandomChanges
{
    // Line breaks matter for the JSON form; Hangul and accents are non-ASCII BMP text.
    private const string Alphabet = "abcdefgh  xyz\n\n한글é";

    /// <summary>A random document of up to <paramref name="maxLength"/> code units.</summary>
    public static string Text(Random random, int maxLength)
    {
        var length = random.Next(maxLength + 1);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>
    /// A random change set for a document of <paramref name="length"/>: half the time built
    /// through <see cref="ChangeSet.Of(int, ReadOnlySpan{ChangeSpec})"/> from unordered,
    /// possibly overlapping specs, half the time as raw JSON with unusual (unjoined, zero-length)
    /// sections that only the wire format produces.
    /// </summary>
    public static ChangeSet Set(Random random, int length)
    {
        return random.Next(2) == 0
            ? ChangeSet.Of(length, Specs(random, length))
            : ChangeSet.FromJson(RawJson(random, length));
    }

    /// <summary>Up to four random replacements in a document of <paramref name="length"/>.</summary>
    public static ChangeSpec[] Specs(Random random, int length)
    {
        var specs = new ChangeSpec[random.Next(5)];
        for (var i = 0; i < specs.Length; i++)
        {
            var from = random.Next(length + 1);
            var to = random.Next(3) == 0 ? from : Math.Min(length, from + random.Next(6));
            var insert = random.Next(3) == 0 ? string.Empty : Text(random, 6);
            specs[i] = new ChangeSpec(from, to, insert);
        }

        return specs;
    }

    /// <summary>A random change set for <paramref name="length"/> in CodeMirror's JSON form.</summary>
    public static JsonArray RawJson(Random random, int length)
    {
        var parts = new JsonArray();
        var left = length;
        while (left > 0 || random.Next(4) == 0)
        {
            var len = left == 0 ? 0 : random.Next(Math.Min(left, 8) + 1);
            left -= len;
            var insert = Text(random, 5);

            // CodeMirror never writes a part that changes nothing, and FromJson rejects one.
            if (len == 0 && insert.Length == 0)
            {
                insert = "+";
            }

            switch (len == 0 ? 3 : random.Next(4))
            {
                case 0:
                case 1:
                    parts.Add(len);
                    break;
                case 2:
                    parts.Add(new JsonArray(len));
                    break;
                default:
                    var part = new JsonArray(len);
                    foreach (var line in insert.Split('\n'))
                    {
                        part.Add(line);
                    }

                    parts.Add(part);
                    break;
            }

            if (left == 0 && random.Next(2) == 0)
            {
                break;
            }
        }

        return parts;
    }
}
