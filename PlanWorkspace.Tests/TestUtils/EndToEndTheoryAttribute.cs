namespace PlanWorkspace.Tests.TestUtils;

/// <summary>A <see cref="EndToEndFactAttribute"/> with data: the same Chromium rule for skipping and the same timeout.</summary>
public sealed class EndToEndTheoryAttribute : TheoryAttribute
{
    public EndToEndTheoryAttribute()
    {
        if (Browser.ExecutablePath is null && !Browser.MustRun)
        {
            Skip = "Chromium is not installed (apt-get install -y chromium fonts-nanum); runs in CI.";
        }
        Timeout = 180_000;
    }
}
