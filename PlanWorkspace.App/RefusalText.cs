using System.Globalization;
using Microsoft.Extensions.Localization;
using PlanWorkspace.App.Consultation;
using PlanWorkspace.Domain.Outcomes;

namespace PlanWorkspace.App;

/// <summary>
/// Turns a <see cref="Refusal"/> into the sentence the user reads, in the current UI culture: the
/// code is the resource key, its arguments fill the placeholders (numbers and dates formatted for the
/// culture), and a <see cref="Term"/> argument is looked up first. The one place a page or component
/// turns a refusal into text (ADR-022); codes of the consultation feature live in its own resources.
/// </summary>
public sealed class RefusalText(IStringLocalizer<SharedResource> shared, IStringLocalizer<ConsultationResource> consultation)
{
    /// <summary>The message for <paramref name="refusal"/> in <see cref="CultureInfo.CurrentUICulture"/>.</summary>
    public string this[Refusal refusal] => Format(refusal);

    /// <summary>The message for <paramref name="refusal"/> in <see cref="CultureInfo.CurrentUICulture"/>.</summary>
    public string Format(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var template = Lookup(refusal.Code);
        if (refusal.Arguments.Count == 0)
        {
            return template;
        }
        var arguments = refusal.Arguments.Select(a => a is Term term ? Lookup(term.Key) : a).ToArray();
        return string.Format(CultureInfo.CurrentCulture, template, arguments);
    }

    /// <summary>Which resources hold <paramref name="key"/> (see <see cref="Refusals"/>).</summary>
    public static bool IsConsultationKey(string key) =>
        key.StartsWith("Consult.", StringComparison.Ordinal) || key.StartsWith("Registry.", StringComparison.Ordinal)
        || key.StartsWith("Opinion.", StringComparison.Ordinal);

    private string Lookup(string key) => IsConsultationKey(key) ? consultation[key].Value : shared[key].Value;
}
