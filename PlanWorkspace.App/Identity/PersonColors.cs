namespace PlanWorkspace.App.Identity;

/// <summary>Each person's colour for cursors, suggestions and authorship: stable, from a readable palette.</summary>
public static class PersonColors
{
    // Each colour is also the author's name on review cards, so each reads at 4.5:1 or better on
    // white and on the light card backgrounds (the lighter Material shades did not: #039be5 3.1:1).
    private static readonly string[] Palette =
        ["#c62828", "#8e24aa", "#3949ab", "#01579b", "#00695c", "#33691e", "#bf360c", "#6d4c41", "#c2185b", "#5e35b1"];

    public static string Of(int personId) => Palette[personId % Palette.Length];
}
