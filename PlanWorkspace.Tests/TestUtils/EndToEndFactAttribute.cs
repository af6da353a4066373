namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// A test that drives Chromium. It skips only where no Chromium is installed and the
/// <c>CI</c> variable is unset (a developer's machine); in CI it always runs.
/// </summary>
public sealed class EndToEndFactAttribute : FactAttribute
{
    public EndToEndFactAttribute()
    {
        if (Browser.ExecutablePath is null && !Browser.MustRun)
        {
            var reason = "Chromium is not installed (apt-get install -y chromium fonts-nanum); runs in CI.";
            Skip = reason;
        }
        Timeout = 180_000;
    }
}
