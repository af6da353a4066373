namespace PlanWorkspace.App.Consultation;

/// <summary>
/// Marker for the consultation's own strings (Resources/Consultation/ConsultationResource{,.en}.resx),
/// kept apart from SharedResource so this feature's many strings do not collide with other work.
/// </summary>
public sealed class ConsultationResource;
