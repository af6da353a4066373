using PlanWorkspace.App.Rendering;

namespace PlanWorkspace.App.Consultation;

/// <summary>
/// The public pages' stylesheet and their one small script, served from memory. The pages work
/// without the script; it only offers "comment on the selected passage".
/// </summary>
internal static class ConsultationAssets
{
    public static readonly string Css = PlanDocumentStyles.Css + """

        :root { --consult-blue: #1a3d7c; --consult-ink: #1b1b1b; --consult-muted: #4a4a4a; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--consult-ink); background: #fafafa; font-family: "NanumGothic", "Nanum Gothic", "Malgun Gothic", "Noto Sans KR", sans-serif; line-height: 1.6; }
        a { color: #0b4ea2; }
        a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #f9a825; outline-offset: 2px; }
        .skip-link { position: absolute; left: -999px; top: 0; background: #fff; padding: 0.5rem 1rem; z-index: 10; }
        .skip-link:focus { left: 0.5rem; }
        .consult-header { background: var(--consult-blue); color: #fff; }
        .consult-header-inner { max-width: 80rem; margin: 0 auto; padding: 0.75rem 1rem; display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
        .consult-header a { color: #fff; }
        .consult-brand { font-weight: bold; text-decoration: none; font-size: 1.05rem; }
        main { display: block; max-width: 80rem; margin: 0 auto; padding: 1rem; }
        main:focus { outline: none; }
        .consult-layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5rem; }
        .consult-aside { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.5rem 1rem; }
        .consult-toc h2 { font-size: 1.1rem; margin: 0.5rem 0; border: none; }
        .consult-toc ol { list-style: none; padding-left: 0; margin: 0; }
        .consult-toc ol ol { padding-left: 1rem; }
        .consult-toc .toc-body { font-weight: bold; display: block; margin-top: 0.5rem; }
        .consult-toc a { text-decoration: none; display: block; padding: 0.15rem 0; }
        .consult-article { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 1rem 1.25rem; max-width: none; }
        .consult-intro h1 { font-size: 1.6rem; margin-top: 0.25rem; }
        .consult-kicker { color: var(--consult-muted); margin: 0; }
        .consult-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0 1rem; }
        .consult-facts dt { font-weight: bold; }
        .consult-facts dd { margin: 0; }
        .consult-state { font-weight: bold; }
        .consult-state-open { color: #1b5e20; }
        .consult-state-closed, .consult-state-reportpublished, .consult-state-notyet { color: #8a4b00; }
        .consult-how { background: #eef2f8; border-radius: 6px; padding: 0.5rem 1rem; margin-bottom: 1rem; }
        .consult-how h2 { border: none; margin-top: 0.5rem; }
        .consult-button { display: inline-block; background: var(--consult-blue); color: #fff !important; border: none; border-radius: 4px; padding: 0.45rem 1rem; font: inherit; font-weight: bold; text-decoration: none; cursor: pointer; }
        .section-opinion { text-align: right; font-size: 0.95rem; }
        .plan-section { scroll-margin-top: 1rem; }
        .plan-section [id] { scroll-margin-top: 1rem; }
        .plan-section :target { background: #fff8d6; }
        .consult-alert { background: #fdecea; color: #8b1a10; border-left: 4px solid #c62828; padding: 0.5rem 0.75rem; }
        .consult-narrow { max-width: 46rem; margin: 0 auto; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 1rem 1.25rem; }
        .consult-subtitle { color: var(--consult-muted); }
        .consult-form .field { margin: 0.9rem 0; }
        .consult-form label { display: block; font-weight: bold; margin-bottom: 0.25rem; }
        .consult-form input[type=text], .consult-form input[type=email], .consult-form select, .consult-form textarea { width: 100%; font: inherit; padding: 0.45rem; border: 1px solid #767676; border-radius: 4px; background: #fff; }
        .consult-form .hint { color: var(--consult-muted); font-size: 0.9rem; margin: 0.2rem 0 0; }
        .req { color: #b71c1c; }
        .consult-hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
        .consult-receipt { font-size: 1.25rem; }
        .consult-footer { max-width: 80rem; margin: 1rem auto; padding: 0 1rem 2rem; color: var(--consult-muted); }
        .consult-quote-button { position: absolute; z-index: 20; }
        .consult-article, .consult-narrow { min-width: 0; overflow-wrap: anywhere; }
        .consult-article table { display: block; overflow-x: auto; max-width: 100%; }
        @media (max-width: 600px) {
          main { padding: 0.5rem; }
          .consult-article, .consult-narrow { padding: 0.75rem; }
          .consult-facts { grid-template-columns: 1fr; }
          .consult-facts dd { margin-bottom: 0.4rem; }
          .consult-intro h1 { font-size: 1.35rem; }
        }
        @media (min-width: 1000px) {
          .consult-layout { grid-template-columns: 18rem minmax(0, 1fr); }
          .consult-aside { position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem); overflow: auto; }
        }
        """;

    /// <summary>
    /// On the plan page: selecting text inside a paragraph offers a button that opens the form with
    /// the passage quoted and anchored to that paragraph. Nothing is fetched; text is passed as a
    /// URL parameter (cut, the server checks it again).
    /// </summary>
    public const string Script = """
        (() => {
          const slug = document.body.dataset.slug;
          const label = document.body.dataset.quoteLabel;
          if (!slug || !document.querySelector('.plan-section')) return;
          let button = null;
          const hide = () => { if (button) { button.remove(); button = null; } };
          document.addEventListener('mouseup', () => setTimeout(() => {
            const selection = window.getSelection();
            const text = selection ? selection.toString().trim() : '';
            if (!text) { hide(); return; }
            const node = selection.anchorNode && (selection.anchorNode.nodeType === 1 ? selection.anchorNode : selection.anchorNode.parentElement);
            const block = node && node.closest('[id]');
            const section = node && node.closest('.plan-section');
            if (!block || !section || !/^s\d+-p\d+$/.test(block.id)) { hide(); return; }
            hide();
            const rect = selection.getRangeAt(0).getBoundingClientRect();
            button = document.createElement('a');
            button.className = 'consult-button consult-quote-button';
            button.textContent = label;
            const query = new URLSearchParams({ section: section.dataset.section, anchor: block.id, quote: text.slice(0, 500) });
            button.href = '/consult/' + encodeURIComponent(slug) + '/opinion?' + query.toString();
            button.style.left = (window.scrollX + rect.left) + 'px';
            button.style.top = (window.scrollY + rect.bottom + 6) + 'px';
            document.body.appendChild(button);
          }, 0));
          document.addEventListener('keydown', e => { if (e.key === 'Escape') hide(); });
        })();
        """;
}
