namespace PlanWorkspace.Domain.Review;

/// <summary>
/// Finds @mentions in a comment: "@" followed by a person's name written without spaces, or by
/// their whole e-mail address ("@kim@example.kr").
/// </summary>
public static class Mentions
{
    /// <summary>The ids of <paramref name="people"/> mentioned by name in <paramref name="body"/>, longest name first, so a longer name wins over its prefix.</summary>
    public static IReadOnlyList<int> Find(string body, IEnumerable<(int Id, string Name)> people) =>
        Find(body, people.Select(p => (p.Id, p.Name, (string?)null)));

    /// <summary>
    /// As above, and by e-mail address: the address after "@" must be the person's whole address
    /// (compared without case) — "@kim@a.kr" never mentions kim@a.kr.evil, nor the reverse.
    /// </summary>
    public static IReadOnlyList<int> Find(string body, IEnumerable<(int Id, string Name, string? Email)> people)
    {
        if (string.IsNullOrEmpty(body) || !body.Contains('@', StringComparison.Ordinal))
        {
            return [];
        }
        var list = people.ToList();
        var candidates = list
            .Select(p => (p.Id, Key: p.Name.Replace(" ", string.Empty, StringComparison.Ordinal)))
            .Where(p => p.Key.Length > 0)
            .OrderByDescending(p => p.Key.Length)
            .ToList();
        var byEmail = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, _, email) in list)
        {
            if (!string.IsNullOrEmpty(email))
            {
                byEmail.TryAdd(email, id);
            }
        }
        var found = new List<int>();
        for (var at = body.IndexOf('@', StringComparison.Ordinal); at >= 0; at = body.IndexOf('@', at + 1))
        {
            if (at > 0 && char.IsAsciiLetterOrDigit(body[at - 1]))
            {
                continue; // the "@" of an address written in the text ("write to kim@a.kr"), not a mention
            }
            var rest = body.AsSpan(at + 1);
            // An address is matched whole or not at all (an unknown or malformed one mentions
            // nobody, not even by a name it starts with), and its own "@" is not a second mention.
            var (length, address) = AddressAt(rest);
            if (length > 0)
            {
                if (address is not null && byEmail.TryGetValue(address, out var mentioned) && !found.Contains(mentioned))
                {
                    found.Add(mentioned);
                }
                at += length;
                continue;
            }
            foreach (var (id, key) in candidates)
            {
                if (rest.StartsWith(key, StringComparison.OrdinalIgnoreCase)
                    // Korean particles follow a name directly ("@김민준님"); Latin names need a boundary.
                    && (rest.Length == key.Length || !char.IsLetterOrDigit(rest[key.Length]) || IsHangul(key[^1])))
                {
                    if (!found.Contains(id))
                    {
                        found.Add(id);
                    }
                    break;
                }
            }
        }
        return found;
    }

    /// <summary>
    /// What to write to mention each of <paramref name="people"/> so that <see cref="Find(string, IEnumerable{ValueTuple{int, string, string}})"/>
    /// finds that person alone: "@" and the name without spaces, or "@" and the address when
    /// another shares the name (compared as Find compares them, without case).
    /// </summary>
    public static IReadOnlyDictionary<int, string> Written(IEnumerable<(int Id, string Name, string? Email)> people)
    {
        var list = people.Select(p => (p.Id, Key: p.Name.Replace(" ", string.Empty, StringComparison.Ordinal), p.Email)).ToList();
        var shared = list.GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return list.Where(p => p.Key.Length > 0 || !string.IsNullOrEmpty(p.Email)).ToDictionary(
            p => p.Id,
            p => "@" + ((shared.Contains(p.Key) || p.Key.Length == 0) && !string.IsNullOrEmpty(p.Email) ? p.Email : p.Key));
    }

    /// <summary>
    /// When <paramref name="text"/> starts with something written like an address (a run of
    /// address characters holding "@"): its length, and the address — "local@domain.tld", ASCII,
    /// without a sentence's closing dots — or null when it is not a valid one. (0, null) otherwise.
    /// </summary>
    private static (int Length, string? Address) AddressAt(ReadOnlySpan<char> text)
    {
        var length = 0;
        while (length < text.Length && IsAddressChar(text[length]))
        {
            length++;
        }
        var token = text[..length];
        var sign = token.IndexOf('@');
        if (sign < 0)
        {
            return (0, null);
        }
        token = token.TrimEnd('.');
        var domain = token[(sign + 1)..];
        var valid = sign > 0 && token.Length <= MaxAddress && domain.Length > 0 && !domain.Contains('@') && domain.Contains('.')
            && domain[0] != '.';
        return (length, valid ? token.ToString() : null);
    }

    // RFC 5321's limit on a path; anything longer is not an address anyone has.
    private const int MaxAddress = 254;

    private static bool IsAddressChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-' or '@';

    private static bool IsHangul(char c) => c is >= '\uAC00' and <= '\uD7A3';
}
