using System.Globalization;

namespace PlanWorkspace.App.Components.Shared;

/// <summary>
/// The culture of the user's circuit, captured when a component starts. Events from a live
/// session arrive on the thread (and culture) of whoever caused them — another user, maybe in
/// English; a handler applies the captured culture before rendering so each user keeps theirs.
/// </summary>
public readonly struct CircuitCulture
{
    private readonly CultureInfo _culture;
    private readonly CultureInfo _uiCulture;

    private CircuitCulture(CultureInfo culture, CultureInfo uiCulture) => (_culture, _uiCulture) = (culture, uiCulture);

    public static CircuitCulture Capture() => new(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    /// <summary>Makes the captured culture current for the rest of this (async) flow.</summary>
    public void Apply()
    {
        if (_culture is not null)
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
