using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.App.Data;

/// <summary>
/// The real structure of 대한민국 인공지능행동계획(안) (shared/PLAN-BRIEF.md): the eight
/// subcommittees, the security TF, their headline initiatives and targets. Only the
/// manufacturing target's figure comes from the brief; the other targets' numbers are
/// placeholders for the demo and are meant to be edited by the bodies.
/// </summary>
internal static class PlanSeedData
{
    public sealed record BodySeed(
        string Code, string Name, string NameEn, BodyKind Kind, string LeadMinistry,
        string[] Initiatives, TargetSeed[] Targets);

    public sealed record TargetSeed(
        string Key, string Name, string Unit, decimal Baseline, int BaselineYear,
        decimal Target, int TargetYear, TargetDirection Direction, decimal? Latest = null);

    public const string CommitteeName = "국가인공지능전략위원회";
    public const string PlanTitle = "대한민국 인공지능행동계획(안)";
    public const string Vision = "AI 3대 강국 도약";

    public static readonly BodySeed[] Bodies =
    [
        new("tech-infra", "기술혁신·인프라 분과", "Technology Innovation & Infrastructure", BodyKind.Subcommittee, "과학기술정보통신부",
            ["대규모 GPU 기반 AI 클러스터 구축", "국산 AI 반도체 활용 확대", "국가 AI 데이터센터 및 지역 거점 데이터센터 구축", "연구기관·대학의 클라우드 기반 AI 인프라 접근 보장"],
            [new("gpu-2030", "첨단 GPU 확보 규모", "장", 2_000m, 2024, 50_000m, 2030, TargetDirection.Increase, 25_000m)]),
        new("industry-ax", "산업AX·생태계 분과", "Industrial AX & Ecosystem", BodyKind.Subcommittee, "산업통상자원부",
            ["제조 데이터 기반 산업 파운데이션 모델 개발", "반도체·제조 데이터 결합 AI 모델 및 에이전트 서비스", "제조 AI 풀스택 수출"],
            [new("manufacturing-2030", "글로벌 제조 경쟁력 1위 (2030)", "위", 5m, 2024, 1m, 2030, TargetDirection.Decrease, 3m)]),
        new("public-ax", "공공AX 분과", "Public-sector AX", BodyKind.Subcommittee, "행정안전부",
            ["공무원 업무 전반의 AI 비서 도입", "클라우드 기반 공통 AI 플랫폼", "AI 통합 민원 플랫폼", "데이터 통합 및 거버넌스 개편"],
            [new("public-ai-assistant-2030", "AI 비서 활용 공무원 비율", "%", 5m, 2025, 80m, 2030, TargetDirection.Increase, 12m)]),
        new("data", "데이터 분과", "Data", BodyKind.Subcommittee, "개인정보보호위원회",
            ["국가 데이터 거버넌스 정립", "AI 학습을 위한 개인정보·저작물 이용 규정 개선", "원본 개인정보 안전 활용 전제 AI 특례", "저작물 활용의 법적 명확성 확보"],
            [new("ai-training-data-2030", "AI 학습용 데이터 개방", "건", 1_000m, 2024, 10_000m, 2030, TargetDirection.Increase)]),
        new("society", "사회 분과", "Society", BodyKind.Subcommittee, "고용노동부",
            ["노동·복지·돌봄 분야 AI 조기 도입", "취약계층 AI 역량 강화", "AI 기반 문화콘텐츠 산업 육성"],
            [new("ai-literacy-2030", "취약계층 AI 역량 교육 인원", "만 명", 10m, 2024, 100m, 2030, TargetDirection.Increase, 45m)]),
        new("global", "글로벌 협력 분과", "Global Cooperation", BodyKind.Subcommittee, "외교부",
            ["한국 AI 기술의 국제표준 반영 확대", "해외 AI의 안전한 국내 활용", "AI 특구 지정", "ODA 연계 펀드 조성"],
            [new("ai-standards-2030", "AI 국제표준 제안 채택", "건", 3m, 2024, 30m, 2030, TargetDirection.Increase, 5m)]),
        new("science-talent", "과학·인재 분과", "Science & Talent", BodyKind.Subcommittee, "교육부",
            ["AI 연구동료와 국가 과학연구소", "바이오·제조·에너지 AI 융합연구", "AI 중심대학 확대", "글로벌 인재 유치"],
            [new("ai-universities-2030", "AI 중심대학", "개교", 10m, 2024, 40m, 2030, TargetDirection.Increase, 22m)]),
        new("defense", "국방·안보 분과", "Defence & Security", BodyKind.Subcommittee, "국방부",
            ["국방 CAIO 직위 및 국방 AI 위원회 신설", "국방 특화 AI 데이터센터 구축", "독자 국방 파운데이션 모델 개발"],
            [new("defense-datacenter-2030", "국방 AI 데이터센터 구축 공정률", "%", 0m, 2025, 100m, 2029, TargetDirection.Increase)]),
        new("security-tf", "보안 TF", "Security Task Force", BodyKind.TaskForce, "국가정보원",
            ["화이트해커를 활용한 선제적 보안 점검", "사후 대응에서 사전 예방으로의 전환"],
            [new("proactive-security-2030", "선제 보안 점검 기관 수", "개", 20m, 2024, 500m, 2030, TargetDirection.Increase, 60m)]),
    ];

    /// <summary>The section's title: "기술혁신·인프라 분야 추진계획".</summary>
    public static string SectionTitle(BodySeed body) =>
        body.Name.Replace(" 분과", string.Empty, StringComparison.Ordinal).Replace(" TF", string.Empty, StringComparison.Ordinal) + " 분야 추진계획";

    /// <summary>
    /// A Korean Markdown skeleton in the usual shape of a government plan section. Headings carry no
    /// typed numbers (the assembled plan numbers them 1) → 가) …); the initiatives and targets are
    /// embedded as shortcodes, so the text always shows the current plan data.
    /// </summary>
    public static string SectionMarkdown(BodySeed body)
    {
        var lines = new List<string>
        {
            "## 추진 배경",
            "",
            $"{body.Name}는 '{Vision}'이라는 비전 아래 다음 과제를 추진한다.",
            "",
            "## 주요 과제",
            "",
            "{{initiatives}}",
            "",
        };
        foreach (var initiative in body.Initiatives)
        {
            lines.Add($"### {initiative}");
            lines.Add("");
            lines.Add("- **과제목표**: ");
            lines.Add("- **주요내용**: ");
            lines.Add($"- **소관부처**: {body.LeadMinistry}");
            lines.Add("");
        }
        lines.Add("## 성과지표");
        lines.Add("");
        foreach (var t in body.Targets)
        {
            lines.Add($"{{{{target:{t.Key}}}}}");
            lines.Add("");
        }
        return string.Join('\n', lines);
    }
}
