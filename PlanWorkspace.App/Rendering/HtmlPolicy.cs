using AngleSharp.Dom;
using Ganss.Xss;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Rendering;

/// <summary>
/// The one policy for HTML that comes from what people write: every view and exporter that shows
/// Markdown (live preview, /plan, history and its diffs, the HTML export and the page Chromium
/// prints) sanitises through <see cref="Sanitize"/>, and the document writers (DOCX, HWPX,
/// Markdown) keep links by <see cref="IsAllowedLink"/>. Markdown is parsed with raw HTML off and
/// no generic attributes (<see cref="PlanHtmlRenderer.Pipeline"/>), so this allow-list only ever
/// sees what Markdig and the shortcodes write — it is the second wall, not the first.
/// <list type="bullet">
/// <item>Tags: text structure only (paragraphs, headings, lists, tables, emphasis, code, quotes,
/// links, images). No script, style, form, frame, object, SVG, MathML or meta of any kind.</item>
/// <item>Attributes: no <c>style</c>, no <c>id</c>/<c>name</c> (nothing can clobber the page's
/// own elements), no event handlers; <c>class</c> only from the plan's own list, none of which
/// positions anything, so no overlay can cover the page.</item>
/// <item>Links: absolute http, https and mailto only; everything else keeps its text but loses
/// the link.</item>
/// <item>Images: only <c>data:</c> URIs of PNG, JPEG, GIF or WebP whose bytes are that format,
/// up to <see cref="MaxImageDataUriLength"/> characters. Nothing rendered here ever fetches a URL
/// or reads a file — not the reader's browser, not the server's Chromium. Any other image becomes
/// its alternative text.</item>
/// </list>
/// </summary>
public static class HtmlPolicy
{
    /// <summary>The longest image <c>data:</c> URI kept (about 190 KB of image); longer ones show their alternative text.</summary>
    public const int MaxImageDataUriLength = 256 * 1024;

    /// <summary>
    /// The Content-Security-Policy of every standalone document we write (the HTML export and the
    /// page printed to PDF): no script, no fetch of any kind, images only inline, styles only the
    /// document's own inline sheet.
    /// </summary>
    public const string DocumentContentSecurityPolicy =
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    /// <summary>The classes plan HTML may carry: the shortcodes', the table alignment and the diff marks; any other class is dropped.</summary>
    public static IReadOnlyCollection<string> AllowedClasses { get; } =
    [
        "plan-card", "target-card", "plan-card-title", "plan-card-facts", "target-status", "target-status-ontrack",
        "target-status-atrisk", "target-status-achieved", "target-status-nodata", "shortcode-warning", "target-inline", "initiatives-inline",
        "plan-table", "initiatives-table", "plan-empty", "plan-align-left", "plan-align-center", "plan-align-right",
        "plan-image-removed", "shortcode-source", "diff-ins", "diff-del",
    ];

    private static readonly string[] AllowedTags =
    [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp",
        "ul", "ol", "li", "dl", "dt", "dd", "strong", "b", "em", "i", "del", "s", "ins", "mark", "sub", "sup",
        "span", "div", "a", "img", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "abbr",
    ];

    private static readonly string[] AllowedAttributes = ["href", "src", "alt", "title", "class", "colspan", "rowspan", "start", "type"];

    private static readonly (string MediaType, byte[] Magic)[] ImageTypes =
    [
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        ("image/gif", "GIF8"u8.ToArray()),
        ("image/webp", "RIFF"u8.ToArray()),
    ];

    private static readonly HtmlSanitizer Sanitizer = Create(anchors: false);
    private static readonly HtmlSanitizer AnchoredSanitizer = Create(anchors: true);

    /// <summary>The HTML with everything the policy does not allow removed. Thread-safe.</summary>
    public static string Sanitize(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return Sanitizer.Sanitize(html);
    }

    /// <summary>
    /// As <see cref="Sanitize"/>, also keeping <c>id</c>s that are paragraph anchors
    /// (<see cref="ParagraphAnchor"/>, e.g. <c>s3-p12</c>) — the frozen consultation text's links. Thread-safe.
    /// </summary>
    public static string SanitizeWithAnchors(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return AnchoredSanitizer.Sanitize(html);
    }

    /// <summary>True for an absolute http, https or mailto URL — the only links plan text may carry, in every format.</summary>
    public static bool IsAllowedLink(string? url) =>
        url is not null && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto"
        && !string.IsNullOrEmpty(uri.Scheme == "mailto" ? uri.UserInfo + uri.Host : uri.Host);

    /// <summary>True for a <c>data:</c> URI of a PNG, JPEG, GIF or WebP image, base64, within the size bound, whose bytes really are that format.</summary>
    public static bool IsAllowedImage(string? url)
    {
        if (url is null || url.Length > MaxImageDataUriLength || !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return false;
        }
        var header = url[5..comma].ToLowerInvariant();
        if (!header.EndsWith(";base64", StringComparison.Ordinal))
        {
            return false;
        }
        var mediaType = header[..^";base64".Length];
        var type = Array.Find(ImageTypes, t => t.MediaType == mediaType);
        if (type.MediaType is null)
        {
            return false;
        }
        var bytes = new byte[(url.Length - comma) * 3 / 4 + 3];
        if (!Convert.TryFromBase64Chars(url.AsSpan(comma + 1), bytes, out var written) || written < 12)
        {
            return false;
        }
        var content = bytes.AsSpan(0, written);
        return content.StartsWith(type.Magic) && (type.MediaType != "image/webp" || content[8..12].SequenceEqual("WEBP"u8));
    }

    private static HtmlSanitizer Create(bool anchors)
    {
        var sanitizer = new HtmlSanitizer();
        Replace(sanitizer.AllowedTags, AllowedTags);
        Replace(sanitizer.AllowedAttributes, anchors ? [.. AllowedAttributes, "id"] : AllowedAttributes);
        Replace(sanitizer.AllowedClasses, AllowedClasses);
        Replace(sanitizer.AllowedSchemes, ["http", "https", "mailto", "data"]);
        Replace(sanitizer.UriAttributes, ["href", "src"]);
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedAtRules.Clear();
        // Links and images have different rules; the sanitiser's scheme list alone cannot say "data: for images only".
        sanitizer.FilterUrl += (_, e) =>
            e.SanitizedUrl = e.Tag.NodeName.Equals("IMG", StringComparison.OrdinalIgnoreCase)
                ? IsAllowedImage(e.OriginalUrl) ? e.OriginalUrl : null
                : IsAllowedLink(e.OriginalUrl) ? e.SanitizedUrl ?? e.OriginalUrl : null;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
            {
                return;
            }
            if (anchors && element.GetAttribute("id") is { } id && !ParagraphAnchor.IsValid(id))
            {
                // Only our own anchors: an author's id could clobber the page's elements.
                element.RemoveAttribute("id");
            }
            switch (element.LocalName)
            {
                case "img" when !element.HasAttribute("src"):
                    // A dropped image shows what it was of, so the reader knows something is missing.
                    var alt = element.GetAttribute("alt");
                    var note = e.Document.CreateElement("span");
                    note.ClassName = "plan-image-removed";
                    note.TextContent = string.IsNullOrWhiteSpace(alt) ? "[🖼]" : $"[🖼 {alt}]";
                    e.ReplacementNodes.Add(note);
                    break;
                case "a" when element.HasAttribute("href"):
                    element.SetAttribute("rel", "nofollow noopener noreferrer");
                    break;
            }
        };
        return sanitizer;
    }

    private static void Replace(ISet<string> set, IEnumerable<string> values)
    {
        set.Clear();
        set.UnionWith(values);
    }
}
