using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class CooldownPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly CooldownPolicy Policy = new(TimeSpan.FromSeconds(15), TimeSpan.FromHours(1));

    [Fact]
    public void Decide_429AskingPastTheCap_CappedAndSaysWhatWasAsked()
    {
        var asked = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

        var cooldown = Policy.Decide(new RateLimitObservation(RetryAt: asked), OutcomeKind.RateLimited, Now)!;

        Assert.Equal(Now.AddHours(1), cooldown.Until);
        Assert.Equal(asked, cooldown.Asked);
        Assert.True(cooldown.Capped);
        Assert.Equal("upstream answered 429", cooldown.Reason);
    }

    [Fact]
    public void Decide_429WithoutHint_DefaultCooldownNotCapped()
    {
        var cooldown = Policy.Decide(RateLimitObservation.Empty, OutcomeKind.RateLimited, Now)!;

        Assert.Equal(Now.AddSeconds(15), cooldown.Until);
        Assert.False(cooldown.Capped);
    }

    [Fact]
    public void Decide_SuccessWithQuotaLeft_NoCooldown()
    {
        Assert.Null(Policy.Decide(new RateLimitObservation(RemainingRequests: 5, RequestsResetAt: Now.AddYears(5)), OutcomeKind.Success, Now));
    }

    [Fact]
    public void Decide_LatestPossibleTimeAndHugeCap_DoesNotOverflow()
    {
        var huge = new CooldownPolicy(TimeSpan.FromSeconds(15), TimeSpan.MaxValue);

        var cooldown = huge.Decide(new RateLimitObservation(RetryAt: DateTimeOffset.MaxValue), OutcomeKind.RateLimited, Now)!;

        Assert.Equal(DateTimeOffset.MaxValue, cooldown.Until);
        Assert.False(cooldown.Capped);
    }

    [Fact]
    public void Cap_PastAndNearTimesKept_FarOnesMovedToTheCap()
    {
        var observed = new RateLimitObservation(RetryAt: Now.AddDays(-1), RequestsResetAt: Now.AddMinutes(5), TokensResetAt: Now.AddYears(100));

        var capped = Policy.Cap(observed, Now);

        Assert.Equal(observed with { TokensResetAt = Now.AddHours(1) }, capped);
    }

    [Fact]
    public void Cap_NothingBeyondTheCap_SameInstance()
    {
        var observed = new RateLimitObservation(RemainingRequests: 1, RequestsResetAt: Now.AddMinutes(5));

        Assert.Same(observed, Policy.Cap(observed, Now));
    }
}
