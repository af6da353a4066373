using PlanWorkspace.Domain.Outcomes;

namespace PlanWorkspace.Domain.Planning;

internal static class Guard
{
    public static string Text(string? value, Term what, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new DomainException(Refusals.Input.Required.With(what));
        }
        if (trimmed.Length > maxLength)
        {
            throw new DomainException(Refusals.Input.TooLong.With(what, maxLength));
        }
        return trimmed;
    }

    public static string? OptionalText(string? value, Term what, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        return Text(trimmed, what, maxLength);
    }

    public static int Year(int year, Term what)
    {
        if (year is < 2000 or > 2100)
        {
            throw new DomainException(Refusals.Input.Year.With(what));
        }
        return year;
    }
}
