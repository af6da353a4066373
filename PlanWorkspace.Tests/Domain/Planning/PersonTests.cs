using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Tests.Domain.Planning;

public sealed class PersonTests
{
    [Fact]
    public void ViceChairBelongsToNoBody()
    {
        var person = new Person("한지원", "VICE@plan.local");
        Assert.Throws<DomainException>(() => person.Join(Role.ViceChair, 3));
        person.Join(Role.ViceChair, null);
        Assert.Equal(Role.ViceChair, person.PrincipalRole);
        Assert.Equal("vice@plan.local", person.Email);
    }

    [Fact]
    public void BodyRolesNeedABodyAndCannotRepeat()
    {
        var person = new Person("김민준", "chair@plan.local");
        Assert.Throws<DomainException>(() => person.Join(Role.Chair, null));
        person.Join(Role.Chair, 1);
        Assert.Throws<DomainException>(() => person.Join(Role.Chair, 1));
        person.Join(Role.Advisor, 2);
        Assert.Equal(2, person.Memberships.Count);
        Assert.Equal(Role.Chair, person.PrincipalRole);
    }

    [Fact]
    public void LeavingARoleNotHeldIsRefused()
    {
        var person = new Person("김민준", "chair@plan.local");
        person.Join(Role.Chair, 1);
        Assert.Throws<DomainException>(() => person.Leave(Role.Chair, 2));
        person.Leave(Role.Chair, 1);
        Assert.Empty(person.Memberships);
    }
}
