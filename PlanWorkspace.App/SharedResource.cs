namespace PlanWorkspace.App;

/// <summary>Marker for the UI strings in Resources/SharedResource(.en).resx; Korean is the neutral language.</summary>
public sealed class SharedResource;
