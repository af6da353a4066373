using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Tests.Domain.Planning;

public sealed class OutlineNumberTests
{
    [Theory]
    [InlineData(0, 1, "1.")]
    [InlineData(0, 12, "12.")]
    [InlineData(1, 1, "가.")]
    [InlineData(1, 3, "다.")]
    [InlineData(1, 14, "하.")]
    [InlineData(1, 15, "가1.")]
    [InlineData(2, 2, "2)")]
    [InlineData(3, 1, "가)")]
    [InlineData(3, 4, "라)")]
    [InlineData(4, 1, "(1)")]
    [InlineData(5, 2, "(나)")]
    [InlineData(6, 1, "①")]
    [InlineData(6, 20, "⑳")]
    [InlineData(6, 21, "(21)")]
    [InlineData(9, 2, "②")]
    public void MarkersFollowTheKoreanOutlineConvention(int depth, int index, string expected) =>
        Assert.Equal(expected, OutlineNumber.Marker(depth, index));

    [Fact]
    public void MarkerRefusesAZeroIndexOrANegativeDepth()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OutlineNumber.Marker(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OutlineNumber.Marker(-1, 1));
    }

    [Theory]
    [InlineData("2. 주요 과제", "주요 과제")]
    [InlineData("가. 대규모 GPU 기반 AI 클러스터 구축", "대규모 GPU 기반 AI 클러스터 구축")]
    [InlineData("가) 목표", "목표")]
    [InlineData("3) 일정", "일정")]
    [InlineData("(1) 배경", "배경")]
    [InlineData("(나) 세부", "세부")]
    [InlineData("① 점검", "점검")]
    [InlineData("2030년 목표", "2030년 목표")]
    [InlineData("2030. 목표", "2030. 목표")]
    [InlineData("AI 3대 강국", "AI 3대 강국")]
    [InlineData("가나다 순서", "가나다 순서")]
    public void TypedMarkersAreStrippedAndOrdinaryTextIsKept(string heading, string expected) =>
        Assert.Equal(expected, OutlineNumber.StripTypedMarker(heading));
}
