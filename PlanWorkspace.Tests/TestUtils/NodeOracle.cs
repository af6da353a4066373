using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>Runs Domain/Text/node/oracle.mjs over a batch of cases and returns its results.</summary>
public static class NodeOracle
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Writes <paramref name="cases"/> to a temporary file, runs node on it with a timeout and
    /// parses the JSON array it prints (one result per case).
    /// </summary>
    public static JsonArray Run(JsonArray cases)
    {
        var input = Path.Combine(Path.GetTempPath(), $"planworkspace-oracle-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, cases.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = RepositoryPaths.TextOracle,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("oracle.mjs");
            start.ArgumentList.Add(input);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node oracle.mjs did not finish within {_timeout}.");
            }

            if (!Task.WaitAll([stdout, stderr], _timeout))
            {
                throw new TimeoutException("node oracle.mjs output was not closed.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node oracle.mjs exited with {process.ExitCode}: {stderr.Result}");
            }

            var results = JsonNode.Parse(stdout.Result) as JsonArray
                ?? throw new InvalidOperationException("node oracle.mjs did not print an array.");
            if (results.Count != cases.Count)
            {
                throw new InvalidOperationException($"node oracle.mjs returned {results.Count} results for {cases.Count} cases.");
            }

            return results;
        }
        finally
        {
            File.Delete(input);
        }
    }
}
