using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class CredentialTransitionsCooldownTests
{
    [Fact]
    public void Settle_RateLimitedWithRetryAt_CoolsDownUntilThen()
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();
        var retryAt = driver.Now + TimeSpan.FromSeconds(20);

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.RateLimited, 429, RateLimits: new RateLimitObservation(RetryAt: retryAt)));

        var refused = driver.Acquire();
        Assert.Equal(RefusalKind.CoolingDown, refused.Refusal!.Kind);
        Assert.Equal(retryAt, refused.Refusal.RetryAt);
        Assert.True(refused.Refusal.IsRateLimit);
        Assert.Contains("429", refused.Refusal.Detail, StringComparison.Ordinal);

        driver.Now = retryAt - TimeSpan.FromTicks(1);
        Assert.False(driver.View().Available);

        driver.Now = retryAt;
        Assert.True(driver.Acquire().Granted);
    }

    [Fact]
    public void Settle_RateLimitedWithoutHints_CoolsDownForDefault()
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();
        driver.Advance(TimeSpan.FromSeconds(2));

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.RateLimited, 429));

        var refused = driver.Acquire();
        Assert.Equal(RefusalKind.CoolingDown, refused.Refusal!.Kind);
        Assert.Equal(driver.Now + CredentialDriver.DefaultCooldown, refused.Refusal.RetryAt);
    }

    [Fact]
    public void Settle_RateLimitedWithOnlyResetHeaders_CoolsDownUntilReset()
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();
        var reset = driver.Now + TimeSpan.FromSeconds(42);

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.RateLimited, 429,
            RateLimits: new RateLimitObservation(RemainingTokens: 0, TokensResetAt: reset)));

        Assert.Equal(reset, driver.Acquire().Refusal!.RetryAt);
    }

    [Fact]
    public void Settle_SuccessReportingNoRemainingRequests_CoolsDownUntilReset()
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();
        var reset = driver.Now + TimeSpan.FromMinutes(6);

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 10,
            RateLimits: new RateLimitObservation(RemainingRequests: 0, RequestsResetAt: reset, LimitRequests: 100)));

        var refused = driver.Acquire();
        Assert.Equal(RefusalKind.CoolingDown, refused.Refusal!.Kind);
        Assert.Equal(reset, refused.Refusal.RetryAt);
        driver.Now = reset;
        Assert.True(driver.Acquire().Granted);
    }

    [Fact]
    public void Settle_SuccessWithRemainingQuota_DoesNotCoolDown()
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 10,
            RateLimits: new RateLimitObservation(RemainingRequests: 1, RequestsResetAt: driver.Now + TimeSpan.FromMinutes(6), LimitRequests: 100)));

        Assert.True(driver.Acquire().Granted);
    }

    [Fact]
    public void Settle_LearnedHeaders_UpdateViewHeadroom()
    {
        var driver = CredentialDriver.With();
        Assert.Equal(1.0, driver.View().Headroom, 9);
        var lease = driver.AcquireGranted();

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 10,
            RateLimits: new RateLimitObservation(RemainingRequests: 25, LimitRequests: 100)));

        Assert.Equal(0.25, driver.View().Headroom, 9);

        var next = driver.AcquireGranted();
        driver.Settle(next.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 10,
            RateLimits: new RateLimitObservation(RemainingRequests: 80, LimitRequests: 100)));
        Assert.Equal(0.8, driver.View().Headroom, 9);
    }

    [Fact]
    public void View_LearnedRemainingPastItsReset_NoLongerLimitsHeadroom()
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();
        var reset = driver.Now + TimeSpan.FromMinutes(1);
        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 10,
            RateLimits: new RateLimitObservation(RemainingRequests: 10, RequestsResetAt: reset, LimitRequests: 100)));
        Assert.Equal(0.1, driver.View().Headroom, 9);

        driver.Now = reset;

        Assert.Equal(1.0, driver.View().Headroom, 9);
    }

    [Fact]
    public void Settle_ShorterCooldownAfterLongerOne_KeepsTheLonger()
    {
        var driver = CredentialDriver.With();
        var first = driver.AcquireGranted();
        var second = driver.AcquireGranted();
        var late = driver.Now + TimeSpan.FromMinutes(2);

        driver.Settle(first.Id, new AttemptOutcome(OutcomeKind.RateLimited, 429, RateLimits: new RateLimitObservation(RetryAt: late)));
        driver.Settle(second.Id, new AttemptOutcome(OutcomeKind.RateLimited, 429, RateLimits: new RateLimitObservation(RetryAt: driver.Now + TimeSpan.FromSeconds(1))));

        Assert.Equal(late, driver.Acquire().Refusal!.RetryAt);
    }

    [Fact]
    public void Settle_RateLimited_DoesNotTripTheBreaker()
    {
        var driver = CredentialDriver.With();
        for (var i = 0; i < 20; i++)
        {
            var lease = driver.AcquireGranted();
            driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.RateLimited, 429, RateLimits: new RateLimitObservation(RetryAt: driver.Now)));
        }

        Assert.Equal(BreakerPhase.Closed, driver.State.Breaker.Phase);
        Assert.Equal(0, driver.State.Breaker.ConsecutiveFailures);
        Assert.Empty(driver.State.Breaker.Samples);
        Assert.True(driver.Acquire().Granted);
    }
}
