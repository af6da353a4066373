namespace PlanWorkspace.App.Rendering;

/// <summary>
/// The assembled plan's stylesheet: used inline by the HTML export (and so the PDF) and by the
/// plan page, whose print rules give a clean A4 document without the app bar and drawer.
/// </summary>
public static class PlanDocumentStyles
{
    public const string Css = """
        .plan-document { font-family: "NanumMyeongjo", "Nanum Myeongjo", "NanumGothic", "Nanum Gothic", "Malgun Gothic", "Noto Sans KR", serif; line-height: 1.7; color: #111; max-width: 60rem; margin: 0 auto; word-break: keep-all; }
        .plan-document h1, .plan-document h2, .plan-document h3, .plan-document h4, .plan-document h5, .plan-document h6 { font-family: "NanumGothic", "Nanum Gothic", "Malgun Gothic", "Noto Sans KR", sans-serif; line-height: 1.4; margin: 1.2em 0 0.5em; }
        .plan-document h1 { font-size: 1.9rem; }
        .plan-document h2 { font-size: 1.45rem; border-bottom: 2px solid #1a3d7c; padding-bottom: 0.2em; }
        .plan-document h3 { font-size: 1.25rem; }
        .plan-document h4 { font-size: 1.1rem; }
        .plan-document h5, .plan-document h6 { font-size: 1rem; }
        .plan-cover { text-align: center; padding: 2rem 0 1rem; }
        .plan-cover .plan-committee, .plan-cover .plan-date { color: #444; }
        .plan-cover .plan-vision { font-size: 1.15rem; font-weight: bold; }
        .plan-table { border-collapse: collapse; width: 100%; margin: 0.75em 0; font-size: 0.92rem; }
        .plan-document table { border-collapse: collapse; }
        .plan-document th, .plan-document td { border: 1px solid #999; padding: 0.3em 0.55em; text-align: left; vertical-align: top; }
        .plan-document thead th { background: #eef2f8; }
        .plan-toc .toc-body td { font-weight: bold; background: #f6f6f6; }
        .plan-toc .toc-section { padding-left: 1.5em; }
        .plan-toc a { color: inherit; text-decoration: none; }
        .plan-toc .toc-meta { display: none; font-weight: normal; font-size: 0.85em; color: #444; }
        .plan-toc .toc-page { width: 3.5em; text-align: right; white-space: nowrap; }
        /* On a phone four columns squeeze the authors to a word per line: they and the last change
           stack under the title instead, leaving the title and the status side by side. */
        @media screen and (max-width: 599.98px) {
          .plan-toc .toc-wide { display: none; }
          .plan-toc .toc-meta { display: block; }
        }
        .plan-card { border: 1px solid #1a3d7c; border-left: 6px solid #1a3d7c; border-radius: 4px; padding: 0.5em 0.9em; margin: 0.75em 0; max-width: 32rem; break-inside: avoid; }
        .plan-card-title { font-weight: bold; margin-bottom: 0.3em; }
        .plan-card-facts th, .plan-card-facts td { border: none; padding: 0.1em 0.8em 0.1em 0; }
        .target-status { font-weight: bold; }
        .target-status-achieved { color: #1b5e20; }
        .target-status-ontrack { color: #0d47a1; }
        .target-status-atrisk { color: #b71c1c; }
        .target-status-nodata { color: #5f6368; }
        .shortcode-warning { color: #8a4b00; background: #fff4e5; border: 1px dashed #e65100; padding: 0.2em 0.5em; border-radius: 4px; }
        div.shortcode-warning { margin: 0.5em 0; }
        .plan-document ul { list-style: disc; padding-left: 1.6em; margin: 0.4em 0; }
        .plan-document ol { list-style: decimal; padding-left: 1.6em; margin: 0.4em 0; }
        .plan-document ul ul { list-style: circle; }
        .plan-document p { margin: 0.5em 0; }
        .plan-document pre { background: #f5f5f5; padding: 0.6em; overflow-x: auto; }
        .plan-document blockquote { border-left: 4px solid #ccc; margin-left: 0; padding-left: 1em; color: #444; }
        th.plan-align-center, td.plan-align-center { text-align: center; }
        th.plan-align-right, td.plan-align-right { text-align: right; }
        .plan-document img, .markdown-body img { max-width: 100%; height: auto; }
        .plan-document, .markdown-body { overflow-wrap: break-word; }
        .plan-image-removed, .shortcode-source { color: #666; }

        @page { size: A4; margin: 20mm 18mm 22mm; }
        @media print {
          .mud-appbar, .mud-drawer, .mud-overlay, .mud-snackbar-provider, #mud-snackbar-container, .no-print, #components-reconnect-modal { display: none !important; }
          .mud-main-content { padding: 0 !important; margin: 0 !important; }
          .mud-container { max-width: none !important; padding: 0 !important; }
          .mud-paper { box-shadow: none !important; border: none !important; }
          body, .mud-layout { background: #fff !important; }
          .plan-document { max-width: none; font-size: 10.5pt; }
          .plan-document a { color: inherit; text-decoration: none; }
          .plan-body { break-before: page; }
          .plan-annex { break-before: page; }
          .plan-document h1, .plan-document h2, .plan-document h3, .plan-document h4, .plan-document h5, .plan-document h6 { break-after: avoid; }
          .plan-document tr, .plan-card { break-inside: avoid; }
          /* A table that fits on a page moves to the next one whole rather than leave a row behind (the contents table did). */
          .plan-document table { break-inside: avoid; }
        }

        """;
}
