using PlanWorkspace.Domain.Outcomes;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation;

/// <summary>
/// The public consultation pages as plain HTML (no Blazor circuit, no script needed to read or
/// submit): a shared frame with landmarks, a skip link and the language switch; the frozen plan
/// page; the opinion form; the receipt. Every value from the database or the request is encoded.
/// </summary>
public sealed class PublicPageHtml(IStringLocalizer<ConsultationResource> strings)
{
    private string T(string key) => strings[key];

    private string T(string key, params object[] args) => string.Format(CultureInfo.CurrentCulture, strings[key], args);

    private static string E(string? text) => FrozenPlanRenderer.E(text ?? string.Empty);

    /// <summary>The frozen plan page.</summary>
    public string PlanPage(PublicConsultationView view, DateTimeOffset now)
    {
        var c = view.Consultation;
        var main = new StringBuilder();
        main.Append("<div class=\"consult-layout\">")
            .Append("<aside class=\"consult-aside\">").Append(view.Document.TocHtml).Append("</aside>")
            .Append("<article class=\"plan-document consult-article\" aria-labelledby=\"consult-title\">")
            .Append("<header class=\"consult-intro\"><p class=\"consult-kicker\">").Append(E(T("Consult.Kicker"))).Append("</p>")
            .Append("<h1 id=\"consult-title\">").Append(E(c.Title)).Append("</h1>");
        Facts(main, c, now);
        main.Append("</header>");
        HowToTakePart(main, c, now);
        if (c.State == ConsultationState.ReportPublished)
        {
            Report(main, view);
        }
        main.Append(view.Document.BodyHtml).Append("</article></div>");
        return Frame(c.Title, c, main.ToString(), $"/consult/{c.Slug}", withScript: true);
    }

    /// <summary>The opinion form, filled with <paramref name="values"/> and showing <paramref name="error"/> when a submission was refused.</summary>
    public string FormPage(PublicConsultationView view, OpinionForm values, string? error, string antiforgeryField, string antiforgeryToken,
        IReadOnlyList<string> institutions, DateTimeOffset now)
    {
        var c = view.Consultation;
        var main = new StringBuilder();
        main.Append("<div class=\"consult-narrow\"><p><a href=\"/consult/").Append(E(c.Slug)).Append("\">← ").Append(E(T("Consult.BackToPlan"))).Append("</a></p>")
            .Append("<h1 id=\"form-title\">").Append(E(T("Consult.FormTitle"))).Append("</h1><p class=\"consult-subtitle\">").Append(E(c.Title)).Append("</p>");
        if (!c.AcceptsOpinionsAt(now))
        {
            main.Append("<p class=\"consult-alert\" role=\"alert\">").Append(E(T(Refusals.Intake.Closed.Code))).Append("</p></div>");
            return Frame(T("Consult.FormTitle"), c, main.ToString(), $"/consult/{c.Slug}/opinion", withScript: false);
        }
        if (error is not null)
        {
            main.Append("<p class=\"consult-alert\" role=\"alert\" id=\"form-error\">").Append(E(error)).Append("</p>");
        }
        main.Append("<form method=\"post\" action=\"/consult/").Append(E(c.Slug)).Append("/opinion\" enctype=\"multipart/form-data\" aria-labelledby=\"form-title\" class=\"consult-form\"")
            .Append(error is null ? string.Empty : " aria-describedby=\"form-error\"").Append('>')
            .Append("<input type=\"hidden\" name=\"").Append(E(antiforgeryField)).Append("\" value=\"").Append(E(antiforgeryToken)).Append("\">")
            .Append("<p class=\"consult-required-note\">").Append(E(T("Consult.RequiredNote"))).Append("</p>");
        Field(main, "name", T("Consult.Field.Name"), values.Name, Opinion.MaxNameLength, required: true, type: "text", autocomplete: "name");
        main.Append("<div class=\"field\"><label for=\"institution\">").Append(E(T("Consult.Field.Institution"))).Append("</label>")
            .Append("<input id=\"institution\" name=\"institution\" type=\"text\" list=\"institutions\" autocomplete=\"organization\" maxlength=\"").Append(Opinion.MaxInstitutionLength)
            .Append("\" value=\"").Append(E(values.Institution)).Append("\" aria-describedby=\"institution-hint\"><p class=\"hint\" id=\"institution-hint\">")
            .Append(E(T("Consult.Field.InstitutionHint"))).Append("</p><datalist id=\"institutions\">");
        foreach (var name in institutions)
        {
            main.Append("<option value=\"").Append(E(name)).Append("\"></option>");
        }
        main.Append("</datalist></div>");
        main.Append("<div class=\"field\"><label for=\"category\">").Append(E(T("Consult.Field.Category"))).Append(" <span class=\"req\">*</span></label><select id=\"category\" name=\"category\" required>")
            .Append("<option value=\"\">").Append(E(T("Consult.Choose"))).Append("</option>");
        foreach (var category in Enum.GetValues<InstitutionCategory>())
        {
            main.Append("<option value=\"").Append(category).Append('"').Append(values.Category == category.ToString() ? " selected" : string.Empty).Append('>')
                .Append(E(T($"Consult.Category.{category}"))).Append("</option>");
        }
        main.Append("</select></div>");
        Field(main, "email", T("Consult.Field.Email"), values.Email, PublicConsultation.MaxEmailLength, required: true, type: "email", autocomplete: "email");
        main.Append("<div class=\"field\"><label for=\"section\">").Append(E(T("Consult.Field.Section"))).Append("</label><select id=\"section\" name=\"section\">")
            .Append("<option value=\"\">").Append(E(T("Consult.Field.SectionWhole"))).Append("</option>");
        foreach (var section in view.Sections)
        {
            var value = section.Ordinal.ToString(CultureInfo.InvariantCulture);
            main.Append("<option value=\"").Append(value).Append('"').Append(values.Section == value ? " selected" : string.Empty).Append('>').Append(E(section.Heading)).Append("</option>");
        }
        main.Append("</select></div>");
        main.Append("<div class=\"field\"><label for=\"quote\">").Append(E(T("Consult.Field.Quote"))).Append("</label>")
            .Append("<textarea id=\"quote\" name=\"quote\" rows=\"3\" maxlength=\"").Append(Opinion.MaxQuoteLength).Append("\" aria-describedby=\"quote-hint\">").Append(E(values.Quote)).Append("</textarea>")
            .Append("<p class=\"hint\" id=\"quote-hint\">").Append(E(T("Consult.Field.QuoteHint"))).Append("</p>")
            .Append("<input type=\"hidden\" name=\"anchor\" value=\"").Append(E(ParagraphAnchor.IsValid(values.Anchor) ? values.Anchor : null)).Append("\"></div>");
        main.Append("<div class=\"field\"><label for=\"text\">").Append(E(T("Consult.Field.Text"))).Append(" <span class=\"req\">*</span></label>")
            .Append("<textarea id=\"text\" name=\"text\" rows=\"10\" required maxlength=\"").Append(Opinion.MaxTextLength).Append("\">").Append(E(values.Text)).Append("</textarea></div>");
        main.Append("<div class=\"field\"><label for=\"attachments\">").Append(E(T("Consult.Field.Attachments"))).Append("</label>")
            .Append("<input id=\"attachments\" name=\"attachments\" type=\"file\" multiple accept=\".pdf,.hwp,.hwpx,.docx,.png,.jpg,.jpeg\" aria-describedby=\"attachments-hint\">")
            .Append("<p class=\"hint\" id=\"attachments-hint\">").Append(E(T("Consult.Field.AttachmentsHint"))).Append("</p></div>");
        // A field people never see; a bot that fills every input gives itself away.
        main.Append("<div class=\"consult-hp\" aria-hidden=\"true\"><label for=\"website\">Website</label><input id=\"website\" name=\"website\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"></div>");
        main.Append("<p class=\"consult-privacy\">").Append(E(T("Consult.Privacy"))).Append("</p>")
            .Append("<button type=\"submit\" class=\"consult-button\">").Append(E(T("Consult.Submit"))).Append("</button></form></div>");
        return Frame(T("Consult.FormTitle"), c, main.ToString(), $"/consult/{c.Slug}/opinion", withScript: true);
    }

    /// <summary>The receipt shown after an accepted submission.</summary>
    public string ReceiptPage(PublicConsultation c, string receiptNumber)
    {
        var main = new StringBuilder();
        main.Append("<div class=\"consult-narrow\"><h1>").Append(E(T("Consult.Received"))).Append("</h1>")
            .Append("<p class=\"consult-receipt\" role=\"status\">").Append(E(T("Consult.ReceiptNumber"))).Append(" <strong id=\"receipt-number\">").Append(E(receiptNumber)).Append("</strong></p>")
            .Append("<p>").Append(E(T("Consult.ReceivedNote", c.ContactEmail))).Append("</p>")
            .Append("<p><a href=\"/consult/").Append(E(c.Slug)).Append("\">← ").Append(E(T("Consult.BackToPlan"))).Append("</a></p></div>");
        return Frame(T("Consult.Received"), c, main.ToString(), $"/consult/{c.Slug}", withScript: false);
    }

    /// <summary>의견 수렴 결과: per section (then the plan as a whole) the opinions' gist, institution, answer and decision.</summary>
    private void Report(StringBuilder html, PublicConsultationView view)
    {
        html.Append("<section class=\"consult-report\" aria-labelledby=\"report-title\"><h2 id=\"report-title\">").Append(E(T("Report.Title"))).Append("</h2>");
        if (view.Report.Count == 0)
        {
            html.Append("<p>").Append(E(T("Report.Empty"))).Append("</p></section>");
            return;
        }
        var groups = view.Report.GroupBy(r => r.SectionOrdinal).OrderBy(g => g.Key ?? int.MaxValue);
        foreach (var group in groups)
        {
            var heading = group.Key is { } ordinal ? view.Sections.FirstOrDefault(s => s.Ordinal == ordinal)?.Heading : null;
            html.Append("<h3>").Append(E(heading ?? T("Consult.Field.SectionWhole"))).Append("</h3><table class=\"plan-table\"><thead><tr><th scope=\"col\">")
                .Append(E(T("Report.Gist"))).Append("</th><th scope=\"col\">").Append(E(T("Report.Institution"))).Append("</th><th scope=\"col\">")
                .Append(E(T("Report.Answer"))).Append("</th><th scope=\"col\">").Append(E(T("Report.Decision"))).Append("</th></tr></thead><tbody>");
            foreach (var row in group)
            {
                html.Append("<tr><td>").Append(E(row.Gist)).Append("</td><td>").Append(E(row.Institution ?? T($"Consult.Category.{row.Category}")))
                    .Append("</td><td>").Append(E(row.Answer)).Append("</td><td>").Append(E(T($"Classification.{row.Classification}"))).Append("</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</section>");
    }

    private void Facts(StringBuilder html, PublicConsultation c, DateTimeOffset now)
    {
        html.Append("<dl class=\"consult-facts\"><dt>").Append(E(T("Consult.Period"))).Append("</dt><dd>")
            .Append(E(T("Consult.PeriodValue", Time(c.StartsAt), Time(c.EndsAt)))).Append("</dd><dt>")
            .Append(E(T("Consult.State"))).Append("</dt><dd><span class=\"consult-state consult-state-").Append(StateKey(c, now).ToLowerInvariant()).Append("\">")
            .Append(E(T($"Consult.State.{StateKey(c, now)}"))).Append("</span></dd><dt>")
            .Append(E(T("Consult.Contact"))).Append("</dt><dd><a href=\"mailto:").Append(E(c.ContactEmail)).Append("\">").Append(E(c.ContactEmail)).Append("</a></dd></dl>");
    }

    private void HowToTakePart(StringBuilder html, PublicConsultation c, DateTimeOffset now)
    {
        html.Append("<section class=\"consult-how\" aria-labelledby=\"how-title\"><h2 id=\"how-title\">").Append(E(T("Consult.HowTitle"))).Append("</h2>");
        foreach (var line in c.Notice.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(E(line)).Append("</p>");
        }
        if (c.AcceptsOpinionsAt(now))
        {
            html.Append("<ol><li>").Append(E(T("Consult.HowWeb"))).Append(" <a class=\"consult-button\" href=\"/consult/").Append(E(c.Slug)).Append("/opinion\">")
                .Append(E(T("Consult.WriteOpinion"))).Append("</a></li><li>").Append(E(T("Consult.HowMail", c.ContactEmail))).Append("</li><li>")
                .Append(E(T("Consult.HowSelect"))).Append("</li></ol>");
        }
        else
        {
            html.Append("<p class=\"consult-alert\">").Append(E(T(Refusals.Intake.Closed.Code))).Append("</p>");
        }
        html.Append("</section>");
    }

    private static string StateKey(PublicConsultation c, DateTimeOffset now) => c.State switch
    {
        ConsultationState.Open when now < c.StartsAt => "NotYet",
        ConsultationState.Open when now >= c.EndsAt => "Closed",
        var state => state.ToString(),
    };

    private static string Time(DateTimeOffset at) => SeoulTime.ToSeoul(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private void Field(StringBuilder html, string id, string label, string? value, int maxLength, bool required, string type, string autocomplete)
    {
        html.Append("<div class=\"field\"><label for=\"").Append(id).Append("\">").Append(E(label)).Append(required ? " <span class=\"req\">*</span>" : string.Empty)
            .Append("</label><input id=\"").Append(id).Append("\" name=\"").Append(id).Append("\" type=\"").Append(type).Append("\" maxlength=\"").Append(maxLength)
            .Append("\" autocomplete=\"").Append(autocomplete).Append("\" value=\"").Append(E(value)).Append('"').Append(required ? " required" : string.Empty).Append("></div>");
    }

    private string Frame(string title, PublicConsultation c, string main, string path, bool withScript)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var other = english ? "ko-KR" : "en-US";
        var html = new StringBuilder(main.Length + 4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(english ? "en" : "ko").Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(E(title)).Append(" — ").Append(E(T("Consult.Committee"))).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/consult-assets/page.css\">\n</head>\n<body data-slug=\"").Append(E(c.Slug)).Append("\" data-quote-label=\"").Append(E(T("Consult.QuoteSelection"))).Append("\">\n")
            .Append("<a class=\"skip-link\" href=\"#main\">").Append(E(T("Consult.SkipToContent"))).Append("</a>\n")
            .Append("<header class=\"consult-header\"><div class=\"consult-header-inner\"><a class=\"consult-brand\" href=\"/consult/").Append(E(c.Slug)).Append("\">").Append(E(T("Consult.Committee"))).Append("</a>")
            .Append("<nav aria-label=\"").Append(E(T("Consult.Language"))).Append("\"><a href=\"/culture/set?culture=").Append(other).Append("&amp;redirectUri=").Append(Uri.EscapeDataString(path))
            .Append("\" lang=\"").Append(english ? "ko" : "en").Append("\" hreflang=\"").Append(english ? "ko" : "en").Append("\">").Append(english ? "한국어" : "English").Append("</a></nav></div></header>\n")
            .Append("<main id=\"main\" tabindex=\"-1\">").Append(main).Append("</main>\n")
            .Append("<footer class=\"consult-footer\"><p>").Append(E(T("Consult.Committee"))).Append(" · <a href=\"mailto:").Append(E(c.ContactEmail)).Append("\">").Append(E(c.ContactEmail)).Append("</a></p></footer>\n");
        if (withScript)
        {
            html.Append("<script src=\"/consult-assets/page.js\" defer></script>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }
}
