namespace PlanWorkspace.App.Identity;

/// <summary>Each person's colour for cursors, suggestions and authorship: stable, from a readable palette.</summary>
public static class PersonColors
{
    private static readonly string[] Palette =
        ["#e53935", "#8e24aa", "#3949ab", "#039be5", "#00897b", "#7cb342", "#f4511e", "#6d4c41", "#c2185b", "#5e35b1"];

    public static string Of(int personId) => Palette[personId % Palette.Length];
}
