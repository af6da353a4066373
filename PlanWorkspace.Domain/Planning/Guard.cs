namespace PlanWorkspace.Domain.Planning;

internal static class Guard
{
    public static string Text(string? value, string what, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new DomainException($"{what} is required.");
        }
        if (trimmed.Length > maxLength)
        {
            throw new DomainException($"{what} must be at most {maxLength} characters.");
        }
        return trimmed;
    }

    public static string? OptionalText(string? value, string what, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        return Text(trimmed, what, maxLength);
    }

    public static int Year(int year, string what)
    {
        if (year is < 2000 or > 2100)
        {
            throw new DomainException($"{what} must be a year between 2000 and 2100.");
        }
        return year;
    }
}
