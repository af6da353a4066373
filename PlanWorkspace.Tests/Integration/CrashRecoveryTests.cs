using PlanWorkspace.Bench.Load;
using PlanWorkspace.Domain.Text;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static string AppDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = AppProcess.LocateAppDll(RepositoryPaths.Root, configuration);
        Assert.True(File.Exists(dll), $"the App is built at {dll}");
        return dll;
    }

    private static async Task<RemoteEditor> ConnectAsync(AppProcess app, int sectionId)
    {
        using var cts = new CancellationTokenSource(LiveServer.Timeout);
        var cookies = await SignInForm.SignInAsync(app.BaseAddress, "chair.industry-ax@plan.local", "Plan!2025", cts.Token);
        return await RemoteEditor.ConnectAsync(app.BaseAddress, cookies, sectionId, cts.Token);
    }

    [Fact]
    public async Task EveryAcknowledgedEditSurvivesAKillNine()
    {
        var dll = AppDll();
        const int sectionId = 2; // 산업AX·생태계: the seed's second body and section
        string acknowledged;
        int version;
        await using (var first = await AppProcess.StartAsync(dll, _database.FilePath, TimeSpan.FromSeconds(90)))
        {
            var editor = await ConnectAsync(first, sectionId);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            for (var i = 0; i < 40; i++)
            {
                editor.Edit((_, length) => ChangeSet.Of(length, length, length, i % 2 == 0 ? "가" : "b"));
                await editor.PushAsync(cts.Token); // returns once acknowledged
            }
            await editor.WaitForVersionAsync(40, LiveServer.Timeout);
            acknowledged = editor.Text;
            version = editor.Version;

            first.Kill();
        }

        await using var second = await AppProcess.StartAsync(dll, _database.FilePath, TimeSpan.FromSeconds(90));
        await using var reader = await ConnectAsync(second, sectionId);
        Assert.Equal(version, reader.Version);
        Assert.Equal(acknowledged, reader.Text);
        Assert.EndsWith(string.Concat(Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "가" : "b")), reader.Text);
    }
}
