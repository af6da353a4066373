using System.Globalization;
using System.Text.RegularExpressions;

namespace PlanWorkspace.Domain.Planning;

/// <summary>
/// The Korean outline numbering of government documents: 1. → 가. → 1) → 가) → (1) → (가) → ①,
/// one marker style per depth (depth 0 is "1.").
/// </summary>
public static partial class OutlineNumber
{
    /// <summary>The deepest depth with its own marker style; deeper headings reuse it.</summary>
    public const int MaxDepth = 6;

    private const string HangulOrder = "가나다라마바사아자차카타파하";

    /// <summary>
    /// The marker of the <paramref name="index"/>-th (1-based) item at <paramref name="depth"/>,
    /// e.g. (0, 3) → "3.", (1, 2) → "나.", (3, 1) → "가)". Hangul markers run 가…하 and then
    /// continue as 가1, 나1 … rather than repeat; circled digits stop at ⑳ and continue as (21).
    /// </summary>
    public static string Marker(int depth, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        var number = index.ToString(CultureInfo.InvariantCulture);
        return Math.Min(depth, MaxDepth) switch
        {
            0 => number + ".",
            1 => Hangul(index) + ".",
            2 => number + ")",
            3 => Hangul(index) + ")",
            4 => "(" + number + ")",
            5 => "(" + Hangul(index) + ")",
            _ => index <= 20 ? ((char)('①' + index - 1)).ToString() : "(" + number + ")",
        };
    }

    /// <summary>
    /// Removes an outline marker an author typed at the start of a heading ("2. 주요 과제",
    /// "가) 목표", "(1) 배경", "① 점검"), so that automatic numbering does not double it.
    /// </summary>
    public static string StripTypedMarker(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        return TypedMarker().Replace(heading, string.Empty, 1);
    }

    private static string Hangul(int index)
    {
        var letter = HangulOrder[(index - 1) % HangulOrder.Length].ToString();
        var round = (index - 1) / HangulOrder.Length;
        return round == 0 ? letter : letter + round.ToString(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^\s*(?:\d{1,2}[.)]|[가-하][.)]|\((?:\d{1,2}|[가-하])\)|[①-⑳])\s+")]
    private static partial Regex TypedMarker();
}
