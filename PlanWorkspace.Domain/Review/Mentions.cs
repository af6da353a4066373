namespace PlanWorkspace.Domain.Review;

/// <summary>Finds @mentions in a comment: "@" followed by a person's name written without spaces.</summary>
public static class Mentions
{
    /// <summary>The ids of <paramref name="people"/> mentioned in <paramref name="body"/>, longest name first, so a longer name wins over its prefix.</summary>
    public static IReadOnlyList<int> Find(string body, IEnumerable<(int Id, string Name)> people)
    {
        if (string.IsNullOrEmpty(body) || !body.Contains('@', StringComparison.Ordinal))
        {
            return [];
        }
        var candidates = people
            .Select(p => (p.Id, Key: p.Name.Replace(" ", string.Empty, StringComparison.Ordinal)))
            .Where(p => p.Key.Length > 0)
            .OrderByDescending(p => p.Key.Length)
            .ToList();
        var found = new List<int>();
        for (var at = body.IndexOf('@', StringComparison.Ordinal); at >= 0; at = body.IndexOf('@', at + 1))
        {
            var rest = body.AsSpan(at + 1);
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

    private static bool IsHangul(char c) => c is >= '\uAC00' and <= '\uD7A3';
}
