using PlanWorkspace.Domain.Access;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Tests.Domain.Planning;

public sealed class AccessPolicyTests
{
    private static readonly Section IndustrySection = new(2, 1, "산업AX 분야 추진계획", "", DateTimeOffset.UnixEpoch);

    private static Actor ActorWith(params (Role, int?)[] roles) => new(1, "사용자", roles);

    public static TheoryData<string, Actor, bool, bool, bool> Matrix => new()
    {
        // who, actor, read, edit, manage plan data of body 2
        { "vice-chair", ActorWith((Role.ViceChair, null)), true, false, true },
        { "chair of the body", ActorWith((Role.Chair, 2)), true, true, true },
        { "chair of another body", ActorWith((Role.Chair, 3)), true, false, false },
        { "TF lead of the body", ActorWith((Role.TaskForceLead, 2)), true, true, true },
        { "secretariat of the body", ActorWith((Role.Secretariat, 2)), true, true, true },
        { "advisor assigned to the body", ActorWith((Role.Advisor, 2)), true, false, false },
        { "advisor of another body", ActorWith((Role.Advisor, 3)), false, false, false },
        { "nobody", ActorWith(), false, false, false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void PolicyMatchesTheRoleTable(string who, Actor actor, bool read, bool edit, bool manage)
    {
        Assert.True(AccessPolicy.CanReadSection(actor, IndustrySection) == read, $"{who}: read");
        Assert.True(AccessPolicy.CanEditSection(actor, IndustrySection) == edit, $"{who}: edit");
        Assert.True(AccessPolicy.CanManagePlanData(actor, 2) == manage, $"{who}: manage");
    }

    [Fact]
    public void OnlyTheViceChairReviews()
    {
        Assert.True(AccessPolicy.CanReviewSection(ActorWith((Role.ViceChair, null))));
        Assert.False(AccessPolicy.CanReviewSection(ActorWith((Role.Chair, 2))));
    }
}
