using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkspace.App.Export;
using PlanWorkspace.Tests.TestUtils;
using UglyToad.PdfPig;

namespace PlanWorkspace.Tests.Export;

[Trait("Category", "Integration")]
public sealed class ExportTests(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    private const string Hp = "http://www.hancom.co.kr/hwpml/2011/paragraph";

    [Fact]
    public async Task DocxHasEverySectionAsAWordHeadingTheKoreanTextTablesAndATocField()
    {
        var file = await fixture.ExportAsync(ExportFormat.Docx);
        Assert.EndsWith(".docx", file.FileName);

        using var package = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        var errors = new OpenXmlValidator().Validate(package).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var body = package.MainDocumentPart!.Document!.Body!;
        var headings = body.Elements<Paragraph>()
            .Select(p => (Style: p.ParagraphProperties?.ParagraphStyleId?.Val?.Value, Text: p.InnerText))
            .Where(p => p.Style?.StartsWith("Heading", StringComparison.Ordinal) == true)
            .ToList();
        foreach (var title in fixture.SectionTitles)
        {
            Assert.Contains(headings, h => h.Style == "Heading2" && h.Text == $"가. {title}");
        }
        Assert.Contains(headings, h => h.Style == "Heading1" && h.Text == "2. 산업AX·생태계 분과");
        Assert.Contains(headings, h => h.Style == "Heading3" && h.Text == "4) 추가 검토 사항");
        Assert.Contains(headings, h => h.Style == "Heading1" && h.Text.StartsWith("붙임", StringComparison.Ordinal));

        Assert.Contains(ExportFixture.KoreanSentence, body.InnerText);
        Assert.Contains(body.Descendants<FieldCode>(), f => f.Text.Contains("TOC", StringComparison.Ordinal));
        Assert.True(package.MainDocumentPart.DocumentSettingsPart!.Settings!.Elements<UpdateFieldsOnOpen>().Single().Val!.Value);
        var tables = body.Elements<Table>().Select(t => t.InnerText).ToList();
        Assert.Contains(tables, t => t.Contains("예산", StringComparison.Ordinal) && t.Contains("1조 원", StringComparison.Ordinal));
        Assert.Contains(tables, t => t.Contains("첨단 GPU 확보 규모", StringComparison.Ordinal) && t.Contains("50,000장 (2030)", StringComparison.Ordinal));
        Assert.Contains(tables, t => t.Contains("제조 AI 풀스택 수출", StringComparison.Ordinal)); // {{initiatives}}

        // Only the web link became a hyperlink; the javascript: one stayed text; the script stayed a warning.
        var links = package.MainDocumentPart.HyperlinkRelationships.Select(r => r.Uri.ToString()).ToList();
        Assert.Equal(["https://www.example.go.kr/ai"], links);
        Assert.Contains("알 수 없는 성과지표: <script>alert(1)</script>", body.InnerText);
    }

    [Fact]
    public async Task HwpxIsAWellFormedOwpmlPackageWithMimetypeFirstAndStored()
    {
        var file = await fixture.ExportAsync(ExportFormat.Hwpx);
        var bytes = file.Content;
        Assert.EndsWith(".hwpx", file.FileName);

        // Local file header of the first entry: signature, method 0 (stored), name "mimetype", then the content itself.
        Assert.Equal("PK\u0003\u0004", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(0, BitConverter.ToUInt16(bytes, 8));
        var nameLength = BitConverter.ToUInt16(bytes, 26);
        var extraLength = BitConverter.ToUInt16(bytes, 28);
        Assert.Equal("mimetype", Encoding.ASCII.GetString(bytes, 30, nameLength));
        Assert.Equal("application/hwp+zip", Encoding.ASCII.GetString(bytes, 30 + nameLength + extraLength, 19));

        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal("mimetype", zip.Entries[0].FullName);
        foreach (var required in new[] { "version.xml", "settings.xml", "META-INF/container.xml", "META-INF/manifest.xml", "Contents/content.hpf", "Contents/header.xml", "Contents/section0.xml" })
        {
            Assert.NotNull(zip.GetEntry(required));
        }
        var xml = zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal) || e.FullName.EndsWith(".hpf", StringComparison.Ordinal) || e.FullName.EndsWith(".rdf", StringComparison.Ordinal))
            .ToDictionary(e => e.FullName, Load);

        // The container points at the package, and the package's manifest at parts that exist.
        var rootfile = xml["META-INF/container.xml"].GetElementsByTagName("rootfile", "urn:oasis:names:tc:opendocument:xmlns:container")
            .Cast<XmlElement>().First().GetAttribute("full-path");
        Assert.Equal("Contents/content.hpf", rootfile);
        var items = xml["Contents/content.hpf"].GetElementsByTagName("item", "http://www.idpf.org/2007/opf/").Cast<XmlElement>().Select(i => i.GetAttribute("href")).ToList();
        Assert.Contains("Contents/section0.xml", items);
        Assert.All(items, href => Assert.NotNull(zip.GetEntry(href)));

        // Every shape the body refers to is defined in the header.
        var header = xml["Contents/header.xml"];
        var charIds = header.GetElementsByTagName("charPr", "http://www.hancom.co.kr/hwpml/2011/head").Cast<XmlElement>().Select(e => e.GetAttribute("id")).ToHashSet();
        var paraIds = header.GetElementsByTagName("paraPr", "http://www.hancom.co.kr/hwpml/2011/head").Cast<XmlElement>().Select(e => e.GetAttribute("id")).ToHashSet();
        var section = xml["Contents/section0.xml"];
        Assert.All(section.GetElementsByTagName("run", Hp).Cast<XmlElement>(), r => Assert.Contains(r.GetAttribute("charPrIDRef"), charIds));
        Assert.All(section.GetElementsByTagName("p", Hp).Cast<XmlElement>(), p => Assert.Contains(p.GetAttribute("paraPrIDRef"), paraIds));
        var charCount = header.GetElementsByTagName("charProperties", "http://www.hancom.co.kr/hwpml/2011/head").Cast<XmlElement>().Single().GetAttribute("itemCnt");
        Assert.Equal(charIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), charCount);
        var outline = section.GetElementsByTagName("secPr", Hp).Cast<XmlElement>().Single().GetAttribute("outlineShapeIDRef");
        Assert.Contains(outline, header.GetElementsByTagName("numbering", "http://www.hancom.co.kr/hwpml/2011/head").Cast<XmlElement>().Select(e => e.GetAttribute("id")));

        // The first paragraph carries the page setup; the text and the tables are there.
        Assert.Equal("secPr", section.DocumentElement!.FirstChild!.FirstChild!.FirstChild!.LocalName);
        var paragraphs = section.GetElementsByTagName("p", Hp).Cast<XmlElement>()
            .Select(p => string.Concat(p.GetElementsByTagName("t", Hp).Cast<XmlElement>().Select(t => t.InnerText))).ToList();
        foreach (var title in fixture.SectionTitles)
        {
            Assert.Contains($"가. {title}", paragraphs);
        }
        Assert.Contains("4) 추가 검토 사항", paragraphs);
        Assert.Contains(ExportFixture.KoreanSentence, paragraphs);
        Assert.Contains(paragraphs, p => p.StartsWith("1. 첫째 항목은 굵게 쓴다", StringComparison.Ordinal));
        Assert.Contains("1조 원", paragraphs);
        Assert.True(section.GetElementsByTagName("tbl", Hp).Count >= 10, "tables: contents, shortcodes, the annex");
    }

    [Fact]
    public async Task MarkdownIsOneFileWithNumberedHeadingsAndExpandedShortcodes()
    {
        var file = await fixture.ExportAsync(ExportFormat.Markdown);
        var text = new UTF8Encoding(false, true).GetString(file.Content);

        Assert.StartsWith("# 대한민국 인공지능행동계획(안)", text.TrimStart('\uFEFF'));
        foreach (var title in fixture.SectionTitles)
        {
            Assert.Contains($"### 가. {title}\n", text);
        }
        Assert.Contains("## 2. 산업AX·생태계 분과\n", text);
        Assert.Contains("#### 4) 추가 검토 사항\n", text);
        Assert.Contains(ExportFixture.KoreanSentence, text);
        Assert.Contains("| 첨단 GPU 확보 규모 |", text.Replace("  ", " ", StringComparison.Ordinal));
        Assert.Contains("[누리집](https://www.example.go.kr/ai)", text);
        Assert.DoesNotContain("javascript:", text);
        Assert.DoesNotMatch(new Regex(@"(?<!\\)\{\{"), text);
    }

    [Fact]
    public void AParagraphAfterAListIsNotSwallowedByTheLastItem()
    {
        var document = new PlanDocument("제목", [new DocParagraph([new DocRun("항목")], 1, "•"), new DocParagraph("다음 문단")]);

        var markdown = MarkdownExporter.Write(document);

        Assert.Equal("- 항목\n\n다음 문단\n\n", markdown);
    }

    [Fact]
    public async Task HtmlIsSelfContainedSanitisedAndListsStatusAuthorsAndLastChange()
    {
        var file = await fixture.ExportAsync(ExportFormat.Html);
        var html = Encoding.UTF8.GetString(file.Content);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<style>", html);
        Assert.DoesNotMatch(new Regex(@"<(script|link|iframe)\b", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<[a-z][^>]*\s(href|src)\s*=\s*""javascript:", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<[a-z][^>]*\ssrc\s*=\s*""https?:", RegexOptions.IgnoreCase), html); // nothing fetched
        foreach (var title in fixture.SectionTitles)
        {
            Assert.Contains($"가. {title}</h3>", html);
        }
        Assert.Contains("4) 추가 검토 사항</h4>", html);
        Assert.Contains(ExportFixture.KoreanSentence, html);
        Assert.Contains("이서연", html); // the chair who wrote the addition, in the contents
        Assert.Contains("작성 중", html); // status
        Assert.Contains("plan-card target-card", html);
        var annex = html[html.IndexOf("class=\"plan-annex\"", StringComparison.Ordinal)..];
        foreach (var target in PlanWorkspace.App.Data.PlanSeedData.Bodies.SelectMany(b => b.Targets))
        {
            Assert.Contains($"<td>{target.Name}</td>", annex);
        }
    }

    [Fact]
    public async Task AnAdvisorExportsOnlyTheSectionsTheyMayRead()
    {
        var file = await fixture.ExportAsync(ExportFormat.Markdown, "advisor1@plan.local");
        var text = Encoding.UTF8.GetString(file.Content);

        Assert.Contains("산업AX·생태계 분야 추진계획", text);
        Assert.DoesNotContain("기술혁신·인프라 분야 추진계획", text);
        Assert.DoesNotContain("보안 분야 추진계획", text);
    }

    [Fact]
    public async Task ANamedVersionExportsThePinnedTextsThroughTheSameExporters()
    {
        var pinned = new PinnedTexts("검토본 v1", "## 고정된 내용\n\n이 문장은 고정된 판의 문장이다.\n");
        var file = await fixture.ExportAsync(ExportFormat.Docx, source: pinned);

        using var package = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        var text = package.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains("이 문장은 고정된 판의 문장이다.", text);
        Assert.Contains("1) 고정된 내용", text);
        Assert.Contains("검토본 v1", text);
        Assert.DoesNotContain(ExportFixture.KoreanSentence, text);
        Assert.Contains("검토본_v1", file.FileName);
    }

    [EndToEndFact]
    public async Task PdfPrintedByChromiumCarriesEverySectionTitleAndTheKoreanText()
    {
        var file = await fixture.ExportAsync(ExportFormat.Pdf);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(file.Content, 0, 4));

        using var pdf = PdfDocument.Open(file.Content);
        Assert.True(pdf.NumberOfPages >= 3);
        // Text extraction does not always keep spaces; compare without them.
        var text = Regex.Replace(string.Concat(pdf.GetPages().Select(p => p.Text)), @"\s+", string.Empty);
        foreach (var title in fixture.SectionTitles)
        {
            Assert.Contains(Regex.Replace($"가. {title}", @"\s+", string.Empty), text);
        }
        Assert.Contains(Regex.Replace(ExportFixture.KoreanSentence, @"\s+", string.Empty), text);
    }

    [EndToEndFact]
    public async Task EveryPdfPageCarriesItsNumberAndThePageCountInTheFooter()
    {
        var file = await fixture.ExportAsync(ExportFormat.Pdf);

        using var pdf = PdfDocument.Open(file.Content);
        var count = pdf.NumberOfPages;
        foreach (var page in pdf.GetPages())
        {
            // The footer sits in the bottom margin (22 mm ≈ 62 pt): only the page number is there.
            var footer = string.Concat(page.GetWords().Where(w => w.BoundingBox.Top < 62).OrderBy(w => w.BoundingBox.Left).Select(w => w.Text));
            Assert.Equal($"{page.Number}/{count}", footer);
        }
    }

    [EndToEndFact]
    public async Task ThePdfContentsTableGivesEverySectionThePageItsHeadingIsPrintedOn()
    {
        var file = await fixture.ExportAsync(ExportFormat.Pdf);

        // Read back independently of how the exporter found the numbers (named destinations): the
        // text of each page, and the numbers right-aligned under the contents table's 쪽 header.
        using var pdf = PdfDocument.Open(file.Content);
        var pages = pdf.GetPages().ToList();
        var listed = new List<int>();
        var contentsPages = new List<int>();
        foreach (var page in pages)
        {
            var words = page.GetWords().Where(w => w.BoundingBox.Bottom > 62).ToList(); // not the footer
            if (words.FirstOrDefault(w => w.Text == "쪽") is not { } header)
            {
                continue;
            }
            contentsPages.Add(page.Number);
            listed.AddRange(words
                .Where(w => w.BoundingBox.Top < header.BoundingBox.Bottom && Math.Abs(w.BoundingBox.Right - header.BoundingBox.Right) < 3)
                .OrderByDescending(w => w.BoundingBox.Top)
                .Select(w => int.Parse(w.Text, System.Globalization.CultureInfo.InvariantCulture)));
        }
        // One page holds the whole table: it once left its last row alone on the next page (with the
        // header Chromium repeats there, that page would be listed here too).
        Assert.True(contentsPages.Count == 1, $"the contents table runs over pages {string.Join(",", contentsPages)}");
        Assert.Equal(fixture.SectionTitles.Count, listed.Count);

        var contentsText = Squeeze(string.Concat(contentsPages.Select(n => pages[n - 1].Text)));
        var lastAt = -1;
        for (var i = 0; i < fixture.SectionTitles.Count; i++)
        {
            var heading = Squeeze($"가. {fixture.SectionTitles[i]}");
            // The rows are in the plan's order, so the i-th number belongs to the i-th section.
            var at = contentsText.IndexOf(heading, StringComparison.Ordinal);
            Assert.True(at > lastAt, $"{heading} is not listed after the previous section");
            lastAt = at;
            var printedOn = pages.FirstOrDefault(p => p.Number > contentsPages[^1] && Squeeze(p.Text).Contains(heading, StringComparison.Ordinal))?.Number;
            Assert.True(printedOn is not null, $"{heading} is on no page after the contents (pages {string.Join(",", contentsPages)})");
            Assert.True(printedOn == listed[i], $"{heading}: the contents say page {listed[i]}, the heading is on page {printedOn}");
        }
    }

    [EndToEndFact]
    public async Task NoPdfPageEndsWithAHeadingLeftAloneAtItsFoot()
    {
        // Many headings after paragraphs of every length, so that without the print rule some of
        // them would fall at a page's foot, their text on the next page.
        var markdown = new StringBuilder();
        for (var i = 1; i <= 14; i++)
        {
            markdown.Append("### 소제목표지 ").Append(i).Append("\n\n");
            for (var line = 0; line < 1 + (i * 7 % 5); line++)
            {
                markdown.Append(string.Concat(Enumerable.Repeat(ExportFixture.KoreanSentence + " ", 2 + (i * 3 % 7)))).Append("\n\n");
            }
        }
        var file = await fixture.ExportAsync(ExportFormat.Pdf, source: new PinnedTexts("간격 점검", markdown.ToString()));

        using var pdf = PdfDocument.Open(file.Content);
        var checkedPages = 0;
        foreach (var page in pdf.GetPages())
        {
            // The lowest line of text above the footer (PDF y grows upwards).
            var words = page.GetWords().Where(w => w.BoundingBox.Bottom > 62).ToList();
            if (words.Count == 0)
            {
                continue;
            }
            var lowest = words.Min(w => w.BoundingBox.Bottom);
            var lastLine = Squeeze(string.Concat(words.Where(w => w.BoundingBox.Bottom < lowest + 3).OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)));
            Assert.False(lastLine.Contains("소제목표지", StringComparison.Ordinal), $"page {page.Number} of {pdf.NumberOfPages} ends with the heading '{lastLine}'");
            Assert.False(fixture.SectionTitles.Any(t => lastLine.EndsWith(Squeeze(t), StringComparison.Ordinal)), $"page {page.Number} ends with a section's title '{lastLine}'");
            checkedPages++;
        }
        Assert.True(checkedPages >= 20, $"only {checkedPages} pages: too few headings reach a page's foot to tell");
    }

    // Chromium's heading font maps its space glyph to U+0001 for text extraction: drop controls too.
    private static string Squeeze(string text) => Regex.Replace(text, @"[\s\p{Cc}]+", string.Empty);

    private static XmlDocument Load(ZipArchiveEntry entry)
    {
        var document = new XmlDocument();
        using var stream = entry.Open();
        document.Load(stream); // throws on malformed XML
        return document;
    }

    /// <summary>A stand-in for a named plan version: every section pinned at version 1 with the same text.</summary>
    private sealed class PinnedTexts(string label, string markdown) : ISectionTextSource
    {
        public string? VersionLabel => label;

        public Task<IReadOnlyDictionary<int, SectionText>> TextsAsync(IReadOnlyCollection<int> sectionIds, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyDictionary<int, SectionText>>(sectionIds.ToDictionary(id => id, _ => new SectionText(1, markdown)));
    }
}
