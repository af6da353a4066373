using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using Markdig;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlanWorkspace.App.Export;
using PlanWorkspace.App.Rendering;
using PlanWorkspace.Tests.TestUtils;

namespace PlanWorkspace.Tests.Export;

/// <summary>
/// Every payload of <see cref="XssCorpus"/> through every exporter. The HTML export and the page
/// Chromium prints are held to <see cref="SafeHtml"/>; DOCX and HWPX must have exactly the parts
/// and only the kinds of XML elements that an export of harmless text has (no images, objects,
/// fields or frames), no script or file URL in any attribute, and links only to the web or mail;
/// the Markdown export must read as text even in a viewer that renders raw HTML.
/// </summary>
public sealed partial class XssCorpusExportTests
{
    private static readonly Lazy<Task<Dictionary<string, byte[]>>> BaselineDocx = new(() => PackageAsync(new DocxExporter(), ExportPlans.Benign));
    private static readonly Lazy<Task<Dictionary<string, byte[]>>> BaselineHwpx = new(() => PackageAsync(new HwpxExporter(), ExportPlans.Benign));

    public XssCorpusExportTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
    }

    public static TheoryData<string> Payloads => XssCorpus.Data();

    private static string Section(string payload) => $"{ExportPlans.Benign}\n\n{payload}\n\n맺음말\n";

    [GeneratedRegex(@"^\s*(javascript|vbscript|livescript|data|file)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrFileUrl();

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task TheHtmlExportHoldsNoScriptNoStyleAttributeAndNothingToFetch(string payload)
    {
        var html = Encoding.UTF8.GetString(await ExportPlans.ExportAsync(new HtmlExporter(new PlanHtmlRenderer()), ExportPlans.Plan(Section(payload))));

        SafeHtml.AssertDocument(html, PlanDocumentStyles.Css, payload);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void ThePagePrintedToPdfHoldsNoScriptNoStyleAttributeAndNothingToFetch(string payload)
    {
        using var gate = new PdfExportGate(Options.Create(new ExportOptions()));
        var exporter = new PdfExporter(new PlanHtmlRenderer(), gate, Options.Create(new ExportOptions()), NullLogger<PdfExporter>.Instance);

        SafeHtml.AssertDocument(exporter.PrintableHtml(ExportPlans.Plan(Section(payload)), PlanTestData.Labels()), PlanDocumentStyles.Css, payload);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task DocxHoldsOnlyTextTablesAndWebLinks(string payload)
    {
        var entries = await PackageAsync(new DocxExporter(), Section(payload));

        await AssertSameKindsOfContentAsync(entries, await BaselineDocx.Value, payload);
        foreach (var (name, bytes) in entries.Where(e => e.Key.EndsWith(".rels", StringComparison.Ordinal)))
        {
            var rels = new System.Xml.XmlDocument();
            rels.Load(new MemoryStream(bytes));
            foreach (System.Xml.XmlElement rel in rels.GetElementsByTagName("Relationship"))
            {
                if (rel.GetAttribute("TargetMode") == "External")
                {
                    Assert.Matches("^(https?://|mailto:)", rel.GetAttribute("Target"));
                    Assert.EndsWith("/hyperlink", rel.GetAttribute("Type"));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task HwpxHoldsOnlyTextAndTables(string payload)
    {
        var entries = await PackageAsync(new HwpxExporter(), Section(payload));

        await AssertSameKindsOfContentAsync(entries, await BaselineHwpx.Value, payload);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task TheMarkdownExportReadsAsTextEvenWhereRawHtmlIsRendered(string payload)
    {
        var markdown = Encoding.UTF8.GetString(await ExportPlans.ExportAsync(new MarkdownExporter(), ExportPlans.Plan(Section(payload))));

        // A plain CommonMark viewer: raw HTML on, no sanitiser.
        SafeHtml.AssertFragment(Markdown.ToHtml(markdown, new MarkdownPipelineBuilder().UsePipeTables().Build()), payload);
    }

    // Part names with a generated id (the DOCX core properties) are compared without it.
    private static async Task<Dictionary<string, byte[]>> PackageAsync(IPlanExporter exporter, string markdown) =>
        ExportPlans.Entries(await ExportPlans.ExportAsync(exporter, ExportPlans.Plan(markdown)))
            .ToDictionary(e => GeneratedId().Replace(e.Key, "*"), e => e.Value);

    [GeneratedRegex("[0-9a-f]{16,}")]
    private static partial Regex GeneratedId();

    private static Task AssertSameKindsOfContentAsync(Dictionary<string, byte[]> entries, Dictionary<string, byte[]> baseline, string payload)
    {
        Assert.Equal(baseline.Keys.Order(), entries.Keys.Order()); // no media, no embedded objects, no extra parts
        foreach (var (name, bytes) in entries.Where(e => e.Key.EndsWith(".xml", StringComparison.Ordinal) || e.Key.EndsWith(".rels", StringComparison.Ordinal) || e.Key.EndsWith(".hpf", StringComparison.Ordinal)))
        {
            var (elements, values) = ExportPlans.Xml(bytes);
            var (known, _) = ExportPlans.Xml(baseline[name]);
            Assert.True(elements.IsSubsetOf(known), $"{name} for {payload}: new elements {string.Join(", ", elements.Except(known))}");
            Assert.DoesNotContain(values, v => ScriptOrFileUrl().IsMatch(v));
        }
        return Task.CompletedTask;
    }
}
