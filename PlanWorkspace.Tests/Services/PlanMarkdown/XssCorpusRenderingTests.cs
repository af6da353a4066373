using System.Globalization;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.History;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Services.PlanMarkdown;

/// <summary>
/// Every payload of <see cref="XssCorpus"/> through each HTML view of a section: the live preview,
/// the assembled plan (/plan), a version in the history and the history's diffs (rendered and source).
/// </summary>
public sealed class XssCorpusRenderingTests
{
    private const int BodyId = 0;
    private readonly PlanHtmlRenderer _renderer = new();
    private readonly PlanLabels _labels;
    private readonly PlanFacts _facts;

    public XssCorpusRenderingTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
        _labels = PlanTestData.Labels();
        var target = new Target(BodyId, "gpu-2030", "첨단 GPU 확보 규모", "장", 2_000m, 2024, 50_000m, 2030, TargetDirection.Increase);
        _facts = new PlanFacts([], [target], [new Initiative(BodyId, "2-1", "제조 AI", "산업통상자원부")], new DateOnly(2026, 11, 26));
    }

    public static TheoryData<string> Payloads => XssCorpus.Data();

    private static string Section(string payload) => $"## 개요\n\n본문 {{{{target:gpu-2030}}}} [누리집](https://www.korea.kr)\n\n{payload}\n\n맺음말\n";

    [Theory]
    [MemberData(nameof(Payloads))]
    public void TheLivePreviewRendersNoScriptNoStyleAndNoFetch(string payload)
    {
        SafeHtml.AssertFragment(_renderer.ToHtml(Section(payload), _facts, BodyId, _labels), payload);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void TheAssembledPlanRendersNoScriptNoStyleAndNoFetch(string payload)
    {
        var section = new AssembledSection(1, BodyId, "가.", "산업AX", SectionStatus.Drafting, ["이서연"], DateTimeOffset.UnixEpoch, 3, Section(payload));
        SafeHtml.AssertFragment(_renderer.SectionHtml(section, _facts, _labels), payload);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void AHistoryVersionRendersNoScriptNoStyleAndNoFetch(string payload)
    {
        SafeHtml.AssertFragment(new SectionMarkdown(_renderer, _facts, BodyId, _labels).ToHtml(Section(payload)), payload);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void TheHistoryDiffRendersNoScriptNoStyleAndNoFetchOnEitherSide(string payload)
    {
        // The payload arrives in the newer version, and leaves again in the one after.
        var inserted = TextDiff.Compute("## 개요\n\n본문\n", Section(payload));
        var deleted = TextDiff.Compute(Section(payload), "## 개요\n\n본문\n");
        foreach (var segments in new[] { inserted, deleted })
        {
            foreach (var side in new[] { DiffKind.Equal, DiffKind.Inserted, DiffKind.Deleted })
            {
                SafeHtml.AssertFragment(TextDiff.RenderedHtml(segments, side, new SectionMarkdown(_renderer, _facts, BodyId, _labels)), payload);
                SafeHtml.AssertFragment(TextDiff.SourceHtml(segments, side), payload);
            }
        }
    }

    [Fact]
    public void TheCorpusHasAtLeastSixtyDistinctPayloads()
    {
        Assert.True(XssCorpus.Payloads.Distinct().Count() >= 60);
    }
}
