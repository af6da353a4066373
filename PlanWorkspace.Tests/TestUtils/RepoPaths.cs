namespace PlanWorkspace.Tests.TestUtils;

/// <summary>Locations outside the test's bin folder: the repository root and the artifacts folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Screenshots and other files a person should look at after a run (TestResults/artifacts).</summary>
    public static string Artifacts
    {
        get
        {
            var path = Path.Combine(Root, "TestResults", "artifacts");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlanWorkspace.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("PlanWorkspace.sln not found above " + AppContext.BaseDirectory);
    }
}
