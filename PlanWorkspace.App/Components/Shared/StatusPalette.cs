using MudBlazor;
using PlanWorkspace.App.Components.Layout;
using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Components.Shared;

/// <summary>How a status looks: the theme colour of its chip, the same colour as a hex value for charts, and an icon so that the status never rests on colour alone.</summary>
public sealed record StatusLook(Color Color, string Hex, string Icon);

/// <summary>
/// The one palette for section and target statuses, shared by the chips and the dashboard charts
/// (issue 15: the donut drew 지연 우려 green while its chip was red). Hex values are the theme's,
/// so a chart slice and a chip of the same status are the same colour; each meets 4.5:1 on white.
/// </summary>
public static class StatusPalette
{
    /// <summary>Grey for "nothing yet" (drafting, no data): #5f6368 is 6.0:1 on white.</summary>
    public const string Neutral = "#5f6368";

    public static StatusLook Of(TargetStatus status) => status switch
    {
        TargetStatus.Achieved => new(Color.Success, Hex(Palette.Success), Icons.Material.Filled.CheckCircle),
        TargetStatus.OnTrack => new(Color.Info, Hex(Palette.Info), Icons.Material.Filled.TrendingUp),
        TargetStatus.AtRisk => new(Color.Error, Hex(Palette.Error), Icons.Material.Filled.Warning),
        _ => new(Color.Default, Neutral, Icons.Material.Filled.HelpOutline),
    };

    public static StatusLook Of(SectionStatus status) => status switch
    {
        SectionStatus.Approved => new(Color.Success, Hex(Palette.Success), Icons.Material.Filled.Verified),
        SectionStatus.Submitted => new(Color.Info, Hex(Palette.Info), Icons.Material.Filled.Send),
        SectionStatus.ChangesRequested => new(Color.Warning, Hex(Palette.Warning), Icons.Material.Filled.Undo),
        _ => new(Color.Default, Neutral, Icons.Material.Filled.Edit),
    };

    /// <summary>Opinions in triage: needs attention amber, new grey, assigned blue, answered green (the chips' colours).</summary>
    public static StatusLook Of(OpinionState state) => state switch
    {
        OpinionState.NeedsAttention => new(Color.Warning, Hex(Palette.Warning), Icons.Material.Filled.ReportProblem),
        OpinionState.Assigned => new(Color.Info, Hex(Palette.Info), Icons.Material.Filled.AssignmentInd),
        OpinionState.Classified => new(Color.Success, Hex(Palette.Success), Icons.Material.Filled.TaskAlt),
        _ => new(Color.Default, Neutral, Icons.Material.Filled.MarkEmailUnread),
    };

    /// <summary>The chart colours of <see cref="OpinionState"/> values, in enum order.</summary>
    public static string[] OpinionColors { get; } = Enum.GetValues<OpinionState>().Select(s => Of(s).Hex).ToArray();

    /// <summary>The chart colours of <see cref="TargetStatus"/> values, in enum order (a donut's slices are in that order).</summary>
    public static string[] TargetColors { get; } = Enum.GetValues<TargetStatus>().Select(s => Of(s).Hex).ToArray();

    /// <summary>The chart colours of <see cref="SectionStatus"/> values, in enum order.</summary>
    public static string[] SectionColors { get; } = Enum.GetValues<SectionStatus>().Select(s => Of(s).Hex).ToArray();

    private static Palette Palette => PlanTheme.Theme.PaletteLight;

    private static string Hex(MudBlazor.Utilities.MudColor color) => color.ToString(MudBlazor.Utilities.MudColorOutputFormats.Hex);
}
