using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Drafting;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.App;
using PlanWorkspace.Domain.Text;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>Labels from the app's real resources, and edits through the real collaborative edit path.</summary>
public static class PlanTestData
{
    /// <summary>The app's labels; the caller sets <see cref="CultureInfo.CurrentUICulture"/> (the resources follow it).</summary>
    public static PlanLabels Labels(string culture = "ko-KR")
    {
        var factory = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new PlanLabels(factory.Create(typeof(SharedResource)), new CultureInfo(culture));
    }

    /// <summary>Appends text to a section as an editor would: through its live session and the op log.</summary>
    public static async Task AppendAsync(IServiceProvider services, int sectionId, string text, int authorId)
    {
        var session = await services.GetRequiredService<DocumentSessionRegistry>().GetAsync(sectionId)
            ?? throw new InvalidOperationException($"No section {sectionId}.");
        var (version, current) = session.Current();
        var outcome = await session.PushAsync(version, [new ClientUpdate(ChangeSet.Of(current.Length, current.Length, current.Length, text), "test-" + Guid.NewGuid().ToString("N"))], authorId)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(outcome.Behind);
    }
}
