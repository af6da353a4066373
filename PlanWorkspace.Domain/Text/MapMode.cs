namespace PlanWorkspace.Domain.Text;

/// <summary>
/// How <see cref="ChangeDesc.MapPos(int, int, MapMode)"/> treats a position whose surroundings
/// were deleted. Same values and meaning as CodeMirror's <c>MapMode</c>.
/// </summary>
public enum MapMode
{
    /// <summary>Always map to a valid position, even when the context was deleted.</summary>
    Simple = 0,

    /// <summary>Return null when a deletion spans across the position.</summary>
    TrackDel = 1,

    /// <summary>Return null when the character before the position is deleted.</summary>
    TrackBefore = 2,

    /// <summary>Return null when the character after the position is deleted.</summary>
    TrackAfter = 3,
}
