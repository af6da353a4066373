using PlanWorkspace.Domain.Planning;

namespace PlanWorkspace.Tests.Domain.Planning;

public sealed class SectionTests
{
    private static readonly DateTimeOffset Now = new(2025, 12, 16, 9, 0, 0, TimeSpan.FromHours(9));

    private static Section NewSection() => new(1, 1, "산업AX 분야 추진계획", "# 제목", Now);

    [Fact]
    public void NewSectionStartsInDrafting()
    {
        Assert.Equal(SectionStatus.Drafting, NewSection().Status);
    }

    [Fact]
    public void SubmitThenApproveFollowsTheWorkflow()
    {
        var section = NewSection();
        section.Submit(Now);
        Assert.Equal(SectionStatus.Submitted, section.Status);
        section.Approve(Now.AddHours(1), 0, 0);
        Assert.Equal(SectionStatus.Approved, section.Status);
        Assert.Equal(Now.AddHours(1), section.UpdatedAt);
    }

    [Fact]
    public void TheSubmittedAndApprovedVersionsAreRecordedAndTheApprovalOutlivesAReopening()
    {
        var section = NewSection();
        section.Submit(Now, version: 12);
        section.Approve(Now.AddHours(1), reviewedVersion: 12, currentVersion: 12);
        Assert.Equal((12, 12, Now.AddHours(1)), (section.SubmittedVersion, section.ApprovedVersion, section.ApprovedAt));

        Assert.True(section.MarkEdited(Now.AddHours(2)));
        Assert.Equal(SectionStatus.Drafting, section.Status);
        Assert.Equal(12, section.ApprovedVersion); // what the next review compares against
        Assert.False(section.MarkEdited(Now.AddHours(3)));

        section.Submit(Now.AddHours(4), version: 15);
        Assert.Equal(15, section.SubmittedVersion);
        Assert.Throws<DomainException>(() => section.Submit(Now, version: 16));
        Assert.Equal(15, section.SubmittedVersion);
    }

    [Fact]
    public void AnApprovalOfAnOlderVersionThanTheCurrentIsRefusedAndChangesNothing()
    {
        var section = NewSection();
        section.Submit(Now, version: 1);
        Assert.False(section.ChangedSinceSubmission(1));
        Assert.True(section.ChangedSinceSubmission(2));

        var stale = Assert.Throws<StaleReviewException>(() => section.Approve(Now.AddHours(1), reviewedVersion: 1, currentVersion: 2));

        Assert.Equal((1, 2), (stale.ReviewedVersion, stale.CurrentVersion));
        Assert.Equal((SectionStatus.Submitted, (int?)null, (DateTimeOffset?)null), (section.Status, section.ApprovedVersion, section.ApprovedAt));
        section.Approve(Now.AddHours(1), reviewedVersion: 2, currentVersion: 2);
        Assert.Equal((SectionStatus.Approved, (int?)2), (section.Status, section.ApprovedVersion));
        Assert.False(section.ChangedSinceSubmission(3)); // approved: an edit reopens it instead
    }

    [Fact]
    public void ChangesRequestedKeepsTheNoteAndCanBeResubmitted()
    {
        var section = NewSection();
        section.Submit(Now);
        section.RequestChanges("성과지표 기준연도를 확인하세요.", Now);
        Assert.Equal(SectionStatus.ChangesRequested, section.Status);
        Assert.Equal("성과지표 기준연도를 확인하세요.", section.ReviewNote);

        section.Submit(Now);
        Assert.Equal(SectionStatus.Submitted, section.Status);
        Assert.Null(section.ReviewNote);
    }

    [Fact]
    public void EditAfterApprovalReturnsToDraftingAndSaysSo()
    {
        var section = NewSection();
        section.Submit(Now);
        section.Approve(Now, 0, 0);

        var reopened = section.Edit("# 수정된 제목", Now);

        Assert.True(reopened);
        Assert.Equal(SectionStatus.Drafting, section.Status);
        Assert.Equal("# 수정된 제목", section.Markdown);
    }

    [Fact]
    public void EditWhileDraftingDoesNotChangeStatus()
    {
        var section = NewSection();
        Assert.False(section.Edit("본문", Now));
        Assert.Equal(SectionStatus.Drafting, section.Status);
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("request")]
    public void ReviewOfAnUnsubmittedSectionIsRefused(string action)
    {
        var section = NewSection();
        var error = Assert.Throws<DomainException>(() =>
        {
            if (action == "approve")
            {
                section.Approve(Now, 0, 0);
            }
            else
            {
                section.RequestChanges("note", Now);
            }
        });
        Assert.Contains("Drafting", error.Message);
        Assert.Equal(SectionStatus.Drafting, section.Status);
    }

    [Fact]
    public void SubmittingAnApprovedSectionIsRefused()
    {
        var section = NewSection();
        section.Submit(Now);
        section.Approve(Now, 0, 0);
        Assert.Throws<DomainException>(() => section.Submit(Now));
        Assert.Equal(SectionStatus.Approved, section.Status);
    }

    [Fact]
    public void RequestingChangesNeedsANote()
    {
        var section = NewSection();
        section.Submit(Now);
        Assert.Throws<DomainException>(() => section.RequestChanges("  ", Now));
        Assert.Equal(SectionStatus.Submitted, section.Status);
    }

    [Fact]
    public void TitleIsRequiredAndBounded()
    {
        Assert.Throws<DomainException>(() => new Section(1, 1, " ", "", Now));
        Assert.Throws<DomainException>(() => new Section(1, 1, new string('가', 201), "", Now));
    }

    [Fact]
    public void OversizedMarkdownIsRefusedAndNothingChanges()
    {
        var section = NewSection();
        Assert.Throws<DomainException>(() => section.Edit(new string('a', Section.MaxMarkdownLength + 1), Now.AddDays(1)));
        Assert.Equal("# 제목", section.Markdown);
        Assert.Equal(Now, section.UpdatedAt);
    }
}
