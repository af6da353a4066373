using PlanWorkspace.Domain.Outcomes;
using PlanWorkspace.Domain.Planning;
using PlanWorkspace.Domain.Review;

namespace PlanWorkspace.Tests.Domain.Outcomes;

/// <summary>The refusal model: codes with arguments, results, and the domain's exceptions carrying them.</summary>
public sealed class RefusalTests
{
    [Fact]
    public void RefusalsWithTheSameCodeAndArgumentsAreEqual()
    {
        Assert.Equal(Refusals.Review.TooLong.With(4000), Refusals.Review.TooLong.With(4000));
        Assert.NotEqual(Refusals.Review.TooLong.With(4000), Refusals.Review.TooLong.With(2000));
        Assert.NotEqual(Refusals.Review.TooLong, Refusals.Review.TooLong.With(4000));
        Assert.Equal("Review.Error.TooLong(4000)", Refusals.Review.TooLong.With(4000).ToString());
    }

    [Fact]
    public void AResultIsItsValueOrItsRefusal()
    {
        Result<int> done = 7;
        Result<int> refused = Refusals.History.NotFound;

        Assert.True(done.Succeeded);
        Assert.Equal(7, done.Value);
        Assert.False(refused.Succeeded);
        Assert.Equal(Refusals.History.NotFound, refused.Refusal);
        Assert.Equal(Refusals.History.NotFound, refused.WithoutValue().Refusal);
        Assert.True(Result.Ok.Succeeded);
    }

    [Fact]
    public void ADomainRuleRefusesWithACodeAndTheFieldAsATerm()
    {
        var e = Assert.Throws<DomainException>(() => new Section(1, 1, "  ", string.Empty, DateTimeOffset.UnixEpoch));

        Assert.Equal(Refusals.Input.Required.With(Refusals.Fields.SectionTitle), e.Refusal);
        Assert.DoesNotContain(" is required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReviewRuleIsADomainExceptionWithItsLimit()
    {
        var e = Assert.Throws<ReviewException>(() => new CommentThread(1, 1, new ReviewAnchor(0, 2, 1), "인용", new string('가', ReviewText.MaxComment + 1), [], DateTimeOffset.UnixEpoch));

        Assert.IsAssignableFrom<DomainException>(e);
        Assert.Equal(Refusals.Review.TooLong.With(ReviewText.MaxComment), e.Refusal);
    }

    [Fact]
    public void AStaleApprovalNamesBothVersions()
    {
        var e = new StaleReviewException(3, 5);

        Assert.Equal(Refusals.Workflow.ChangedSinceReview.With(3, 5), e.Refusal);
    }
}
