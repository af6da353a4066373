using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.Tests.Domain.Consultation;

public sealed class OpinionFingerprintTests
{
    private const string Letter = "인공지능 기본법 시행령에서 고영향 인공지능의 범위를 명확히 하고, 중소기업의 부담을 줄이는 유예 기간을 두어야 합니다. 특히 의료와 금융 분야의 기준을 구체적으로 밝혀 주십시오.";

    [Fact]
    public void TheSameLetterWithOtherPunctuationAndSpacingIsSimilar()
    {
        var copy = "인공지능 기본법 시행령에서   고영향 인공지능의 범위를 명확히 하고 중소기업의 부담을 줄이는 유예 기간을 두어야 합니다!!\n특히 의료와 금융 분야의 기준을 구체적으로 밝혀 주십시오";
        Assert.True(OpinionFingerprint.Similarity(OpinionFingerprint.Of(Letter), OpinionFingerprint.Of(copy)) >= 0.9);
    }

    [Fact]
    public void ALetterWithASentenceAddedIsStillSimilarButAnUnrelatedOpinionIsNot()
    {
        var edited = Letter + " 저희 협회 회원사의 의견입니다.";
        var unrelated = "공공 데이터 개방을 넓히고 GPU 클러스터 접근을 대학 연구실에도 허용해 주시기 바랍니다. 지역 거점 센터가 필요합니다.";
        Assert.True(OpinionFingerprint.Similarity(OpinionFingerprint.Of(Letter), OpinionFingerprint.Of(edited)) >= OpinionFingerprint.SimilarFrom);
        Assert.True(OpinionFingerprint.Similarity(OpinionFingerprint.Of(Letter), OpinionFingerprint.Of(unrelated)) < 0.2);
    }

    [Fact]
    public void TheSignatureIsStableAndATextWithoutThreeLettersHasNone()
    {
        Assert.Equal(OpinionFingerprint.Of(Letter), OpinionFingerprint.Of(Letter));
        Assert.Equal(OpinionFingerprint.Bytes, OpinionFingerprint.Of(Letter)!.Length);
        Assert.Null(OpinionFingerprint.Of("!! ?"));
        Assert.Null(OpinionFingerprint.Of("가나"));
        Assert.Equal(0, OpinionFingerprint.Similarity(null, OpinionFingerprint.Of(Letter)));
        Assert.Equal(0, OpinionFingerprint.Similarity([1, 2, 3], OpinionFingerprint.Of(Letter)));
    }
}
