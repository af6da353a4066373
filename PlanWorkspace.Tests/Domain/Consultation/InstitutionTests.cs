using PlanWorkspace.Domain.Consultation;
using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Tests.Domain.Consultation;

public sealed class InstitutionTests
{
    [Fact]
    public void TheDomainDefaultsToTheContactAddresssDomain()
    {
        var institution = new Institution("한국과학기술원", InstitutionCategory.Academia, "policy@KAIST.ac.kr", null);
        Assert.Equal("kaist.ac.kr", institution.Domain);
    }

    [Fact]
    public void ASenderAtTheDomainOrASubdomainMatchesButALookalikeDoesNot()
    {
        var institution = new Institution("한국과학기술원", InstitutionCategory.Academia, "policy@kaist.ac.kr", "kaist.ac.kr");
        Assert.True(institution.Matches("kim@kaist.ac.kr"));
        Assert.True(institution.Matches("lee@ee.kaist.ac.kr"));
        Assert.False(institution.Matches("evil@notkaist.ac.kr"));
        Assert.False(institution.Matches("not an address"));
    }

    [Fact]
    public void TheLongestMatchingDomainWins()
    {
        var university = new Institution("대학교", InstitutionCategory.Academia, "a@snu.ac.kr", null);
        var institute = new Institution("AI연구원", InstitutionCategory.Research, "b@ai.snu.ac.kr", null);
        Assert.Same(institute, Institution.Match([university, institute], "c@ai.snu.ac.kr"));
        Assert.Same(university, Institution.Match([university, institute], "d@snu.ac.kr"));
        Assert.Null(Institution.Match([university, institute], "e@gmail.com"));
    }

    [Fact]
    public void AMalformedDomainIsRefused()
    {
        Assert.Throws<DomainException>(() => new Institution("x", InstitutionCategory.Industry, "a@b.kr", "not a domain"));
    }

    [Fact]
    public void AContactAtAPublicMailServiceGivesTheInstitutionNoDomainSoNoCitizenCountsAsIt()
    {
        var association = new Institution("소상공인연합", InstitutionCategory.CivilSociety, "assoc@naver.com", null);
        Assert.Null(association.Domain);
        Assert.False(association.Matches("citizen@naver.com"));
        Assert.Null(new Institution("협회", InstitutionCategory.Industry, "a@b.kr", "gmail.com").Domain);
    }

    [Fact]
    public void AnUpdateChangesEveryFieldOrNothingWhenOneIsMalformed()
    {
        var institution = new Institution("한국과학기술원", InstitutionCategory.Academia, "policy@kaist.ac.kr", null);
        institution.Update("KAIST", InstitutionCategory.Research, "ai@kaist.ac.kr", "ai.kaist.ac.kr");
        Assert.Equal(("KAIST", InstitutionCategory.Research, "ai@kaist.ac.kr", "ai.kaist.ac.kr"),
            (institution.Name, institution.Category, institution.ContactEmail, institution.Domain));

        Assert.Throws<DomainException>(() => institution.Update("새 이름", InstitutionCategory.Industry, "not an address", null));
        Assert.Throws<DomainException>(() => institution.Update("새 이름", (InstitutionCategory)99, "a@b.kr", null));
        Assert.Equal(("KAIST", InstitutionCategory.Research, "ai@kaist.ac.kr"), (institution.Name, institution.Category, institution.ContactEmail));
    }
}
