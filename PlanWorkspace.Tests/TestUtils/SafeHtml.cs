using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Xunit;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// Asserts that HTML rendered from user text can neither run script, fetch anything, nor restyle
/// or cover the page. Deliberately written without the app's <c>HtmlPolicy</c>, so the policy is
/// checked against an independent reading of what is safe: first on the raw string, then on the
/// parsed tree (elements, attributes, URLs and classes from fixed allow-lists).
/// </summary>
public static partial class SafeHtml
{
    private static readonly HashSet<string> FragmentTags =
    [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "ul", "ol", "li",
        "dl", "dt", "dd", "strong", "b", "em", "i", "del", "s", "ins", "mark", "sub", "sup", "span", "div", "a", "img",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "abbr",
    ];

    private static readonly HashSet<string> DocumentTags = ["html", "head", "meta", "title", "style", "body", "article", "header", "nav", "section"];

    private static readonly HashSet<string> Attributes = ["href", "src", "alt", "title", "class", "colspan", "rowspan", "start", "type", "rel"];

    private static readonly HashSet<string> Classes =
    [
        "plan-card", "target-card", "plan-card-title", "plan-card-facts", "target-status", "target-status-ontrack",
        "target-status-atrisk", "target-status-achieved", "target-status-nodata", "shortcode-warning", "target-inline", "initiatives-inline",
        "plan-table", "initiatives-table", "plan-empty", "plan-align-left", "plan-align-center", "plan-align-right",
        "plan-image-removed", "shortcode-source", "diff-ins", "diff-del",
    ];

    // The document shell's own classes (cover, contents, bodies, annex).
    private static readonly HashSet<string> DocumentClasses =
    [
        "plan-document", "plan-cover", "plan-committee", "plan-vision", "plan-date", "plan-toc", "toc-body", "toc-section", "toc-wide", "toc-meta", "toc-page",
        "plan-body", "plan-section", "plan-annex", "annex-table",
    ];

    [GeneratedRegex(@"<\s*(script|style|iframe|frame|object|embed|applet|form|input|button|textarea|select|base|meta|link|svg|math|video|audio|source|details|body|isindex|xss|template|noscript)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DangerousTag();

    // An attribute name inside a start tag, stepping over earlier attributes and their quoted values.
    private const string InTag = @"<[a-z][a-z0-9]*(?:\s+[^\s=>/""']+(?:\s*=\s*(?:""[^""]*""|'[^']*'|[^\s>""'=][^\s>]*))?)*\s+";

    [GeneratedRegex(InTag + @"on[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventAttribute();

    [GeneratedRegex(InTag + @"style\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"<[a-z][^>]*(javascript|vbscript|livescript|data\s*:\s*text|file)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptUrlInTag();

    [GeneratedRegex(@"^(https?://[^\s""'<>]+|mailto:[^\s""'<>]+)$")]
    private static partial Regex AllowedHref();

    [GeneratedRegex(@"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$")]
    private static partial Regex AllowedSrc();

    /// <summary>A fragment (a section's body, a preview, a diff).</summary>
    public static void AssertFragment(string html, string because)
    {
        AssertRaw(html, because);
        var root = new HtmlParser().ParseDocument($"<!DOCTYPE html><html><head></head><body>{html}</body></html>").Body!;
        foreach (var element in root.Descendants<IElement>())
        {
            AssertElement(element, FragmentTags, Classes, because);
        }
    }

    /// <summary>
    /// A whole exported document (the HTML export, the page printed to PDF): its head holds only
    /// the charset, the restrictive CSP, the title and its own style sheet; its body only what a
    /// fragment may hold plus the document's frame (sections with <c>section-N</c> ids, contents links).
    /// </summary>
    public static void AssertDocument(string html, string expectedStyles, string because)
    {
        var document = new HtmlParser().ParseDocument(html);
        var head = document.Head!;
        Assert.True(head.Children.All(c => c.LocalName is "meta" or "title" or "style"), because);
        Assert.Equal("utf-8", head.QuerySelector("meta[charset]")?.GetAttribute("charset"));
        var csp = head.QuerySelectorAll("meta[http-equiv]").Single().GetAttribute("content") ?? string.Empty;
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("img-src data:", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.Equal(expectedStyles.Trim(), head.QuerySelectorAll("style").Single().TextContent.Trim());
        // The head was checked above; what remains is held to the fragment rules.
        var body = html[(html.IndexOf("<body>", StringComparison.Ordinal) + "<body>".Length)..];
        AssertRaw(body, because);
        foreach (var element in document.Body!.Descendants<IElement>())
        {
            AssertElement(element, [.. FragmentTags, .. DocumentTags], [.. Classes, .. DocumentClasses], because, document: true);
        }
    }

    private static void AssertRaw(string html, string because)
    {
        Assert.False(DangerousTag().IsMatch(html), $"dangerous tag for {because}: {DangerousTag().Match(html).Value}");
        Assert.False(EventAttribute().IsMatch(html), $"event attribute for {because}: {EventAttribute().Match(html).Value}");
        Assert.False(StyleAttribute().IsMatch(html), $"style attribute for {because}");
        Assert.False(ScriptUrlInTag().IsMatch(html), $"script or file URL in a tag for {because}: {ScriptUrlInTag().Match(html).Value}");
    }

    private static void AssertElement(IElement element, HashSet<string> tags, HashSet<string> classes, string because, bool document = false)
    {
        Assert.True(tags.Contains(element.LocalName), $"<{element.LocalName}> for {because}");
        foreach (var attribute in element.Attributes)
        {
            var name = attribute.Name.ToLowerInvariant();
            if (document && name == "id")
            {
                Assert.Matches("^section-[0-9]+$", attribute.Value);
                continue;
            }
            Assert.True(Attributes.Contains(name), $"attribute {name} on <{element.LocalName}> for {because}");
            switch (name)
            {
                case "href" when !(document && Regex.IsMatch(attribute.Value, "^#section-[0-9]+$")):
                    Assert.True(AllowedHref().IsMatch(attribute.Value), $"href {attribute.Value} for {because}");
                    break;
                case "src":
                    Assert.True(element.LocalName == "img" && AllowedSrc().IsMatch(attribute.Value), $"src {attribute.Value} for {because}");
                    break;
                case "class":
                    foreach (var token in element.ClassList)
                    {
                        Assert.True(classes.Contains(token), $"class {token} for {because}");
                    }
                    break;
            }
        }
    }
}
