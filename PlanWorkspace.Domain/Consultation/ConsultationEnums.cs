namespace PlanWorkspace.Domain.Consultation;

/// <summary>Where a consultation is in its life: draft → open → closed → report published, one way only.</summary>
public enum ConsultationState
{
    Draft,
    Open,
    Closed,
    ReportPublished,
}

/// <summary>Who an opinion comes from, as the committee counts replies (산업계/학계/연구계/시민사회/정부·공공/개인).</summary>
public enum InstitutionCategory
{
    Industry,
    Academia,
    Research,
    CivilSociety,
    Public,
    Individual,
}

/// <summary>How an opinion arrived.</summary>
public enum OpinionSource
{
    Web,
    Mail,
}

/// <summary>
/// Where an opinion is in triage. <see cref="NeedsAttention"/>: a message that could not be read as
/// sent (undecodable, empty); a person looks at it before it joins the others.
/// </summary>
public enum OpinionState
{
    NeedsAttention,
    New,
    Assigned,
    Classified,
}

/// <summary>The committee's answer to an opinion (반영 / 일부반영 / 미반영 / 참고 / 기타).</summary>
public enum OpinionClassification
{
    Reflected,
    PartlyReflected,
    NotReflected,
    ForReference,
    Other,
}
