using System.Buffers.Binary;

namespace PlanWorkspace.Domain.Consultation;

/// <summary>
/// A MinHash signature of an opinion's character 3-grams (shingles), for finding near-identical
/// opinions — the same campaign letter sent by many, or a reply pasted with small changes. Character
/// 3-grams need no Korean word segmentation, the same reason the search index uses trigrams.
/// The signature is <see cref="Size"/> minimum hashes; the fraction of equal positions between two
/// signatures estimates the Jaccard similarity of their shingle sets (about ±0.1 at this size).
/// Hashing is fixed (FNV-1a, then fixed multipliers), so stored signatures stay comparable across runs.
/// </summary>
public static class OpinionFingerprint
{
    /// <summary>Hashes per signature; a signature is 4 bytes per hash.</summary>
    public const int Size = 32;
    public const int Bytes = Size * 4;
    /// <summary>Estimated Jaccard similarity from which two opinions are shown as similar.</summary>
    public const double SimilarFrom = 0.6;
    /// <summary>Only so much of a text is shingled; a longer opinion is similar by its beginning.</summary>
    private const int MaxChars = 8_000;

    private static readonly ulong[] Multipliers = MakeMultipliers();

    /// <summary>The signature of <paramref name="text"/>, or null when it has fewer than three letters or digits.</summary>
    public static byte[]? Of(string? text)
    {
        var normal = Normalise(text);
        if (normal.Length < 3)
        {
            return null;
        }
        Span<uint> minima = stackalloc uint[Size];
        minima.Fill(uint.MaxValue);
        for (var i = 0; i + 3 <= normal.Length; i++)
        {
            var shingle = Fnv(normal.AsSpan(i, 3));
            for (var k = 0; k < Size; k++)
            {
                var h = unchecked((uint)((shingle * Multipliers[k] + Multipliers[(k + 7) % Size]) >> 32));
                if (h < minima[k])
                {
                    minima[k] = h;
                }
            }
        }
        var bytes = new byte[Bytes];
        for (var k = 0; k < Size; k++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(k * 4), minima[k]);
        }
        return bytes;
    }

    /// <summary>The estimated Jaccard similarity (0–1) of two signatures; 0 when either is missing or malformed.</summary>
    public static double Similarity(byte[]? a, byte[]? b)
    {
        if (a is not { Length: Bytes } || b is not { Length: Bytes })
        {
            return 0;
        }
        var same = 0;
        for (var k = 0; k < Size; k++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(a.AsSpan(k * 4)) == BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(k * 4)))
            {
                same++;
            }
        }
        return (double)same / Size;
    }

    /// <summary>Letters and digits lower-cased, every run of anything else one space: punctuation and line breaks do not make texts differ.</summary>
    private static string Normalise(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var span = text.AsSpan(0, Math.Min(text.Length, MaxChars));
        var builder = new System.Text.StringBuilder(span.Length);
        var space = false;
        foreach (var c in span)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space && builder.Length > 0)
            {
                builder.Append(' ');
                space = true;
            }
        }
        return builder.ToString().TrimEnd();
    }

    private static ulong Fnv(ReadOnlySpan<char> chars)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in chars)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }
        return hash;
    }

    /// <summary>Fixed odd multipliers from a SplitMix64 sequence with a fixed seed.</summary>
    private static ulong[] MakeMultipliers()
    {
        var result = new ulong[Size];
        var state = 0x5EED_0F_C0_15_0ACUL;
        for (var k = 0; k < Size; k++)
        {
            unchecked
            {
                state += 0x9E3779B97F4A7C15UL;
                var z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                result[k] = (z ^ (z >> 31)) | 1UL;
            }
        }
        return result;
    }
}
