namespace PlanWorkspace.App.Consultation;

/// <summary>
/// The frozen draft of a consultation as the public page shows it, rendered once when the
/// consultation opens (one row per UI culture): section texts at their pinned versions, shortcode
/// cards with the figures of that day. Serving stored HTML is what makes the page cheap and keeps it
/// frozen even if a target's figures change later (ADR-009).
/// </summary>
public sealed class ConsultationDocument
{
    public int ConsultationId { get; set; }
    /// <summary>"ko-KR" or "en-US".</summary>
    public string Culture { get; set; } = string.Empty;
    /// <summary>The table of contents (a sanitised &lt;nav&gt; fragment).</summary>
    public string TocHtml { get; set; } = string.Empty;
    /// <summary>The bodies and sections with paragraph anchors (a sanitised fragment).</summary>
    public string BodyHtml { get; set; } = string.Empty;
    /// <summary>A hash of the two fragments, the base of the page's ETag.</summary>
    public string Hash { get; set; } = string.Empty;
}

/// <summary>A section of the frozen draft: its place (the "s3" of "#s3-p12"), its heading and pinned version.</summary>
public sealed class ConsultationSection
{
    public int ConsultationId { get; set; }
    /// <summary>1-based position in plan order.</summary>
    public int Ordinal { get; set; }
    public int SectionId { get; set; }
    public int BodyId { get; set; }
    /// <summary>"1. 가. 산업AX 분야 추진계획" (Korean; section titles are not translated).</summary>
    public string Heading { get; set; } = string.Empty;
    public int Version { get; set; }
    /// <summary>How many anchored blocks the section has ("p1" … "pN").</summary>
    public int Paragraphs { get; set; }
}
