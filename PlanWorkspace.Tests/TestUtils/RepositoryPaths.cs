namespace PlanWorkspace.Tests.TestUtils;

/// <summary>Locations the tests need, found from the test binaries upwards.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding PlanWorkspace.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shared editing traces, a sibling of the repository (../shared/traces).</summary>
    public static string Traces => Path.GetFullPath(Path.Combine(Root, "..", "shared", "traces"));

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

    /// <summary>The Node.js oracle that runs the real CodeMirror packages.</summary>
    public static string TextOracle => Path.Combine(Root, "PlanWorkspace.Tests", "Domain", "Text", "node");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlanWorkspace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No PlanWorkspace.sln above {AppContext.BaseDirectory}.");
    }
}
