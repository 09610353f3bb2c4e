using Xunit;

namespace RoutingCluster.Entities.Tests;

/// <summary>The operator's reset makes a cooled-down, disabled or breaker-open credential usable at once.</summary>
public sealed class CredentialTransitionsResetTests
{
    [Fact]
    public void Reset_CoolingDown_ClearedAndUsableNow()
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();
        var until = driver.Now + TimeSpan.FromMinutes(40);
        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.RateLimited, 429,
            RateLimits: new RateLimitObservation(RetryAt: until, RemainingRequests: 0, RequestsResetAt: until)));
        Assert.False(driver.Acquire().Granted);

        var reset = driver.Reset();

        Assert.Equal(until, reset.CooldownUntil);
        Assert.Equal("upstream answered 429", reset.CooldownReason);
        Assert.True(reset.Learned);
        Assert.Null(reset.Breaker);
        Assert.Null(reset.DisabledReason);
        Assert.Null(reset.StillRefused);
        Assert.Null(driver.State.CooldownUntil);
        Assert.True(driver.State.Learned.IsEmpty);
        Assert.True(driver.Acquire().Granted);
    }

    [Fact]
    public void Reset_DisabledByAuthFailure_Enabled()
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();
        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.AuthFailed, 401));
        Assert.Equal(RefusalKind.Disabled, driver.Acquire().Refusal!.Kind);

        var reset = driver.Reset();

        Assert.Contains("401", reset.DisabledReason, StringComparison.Ordinal);
        Assert.True(driver.Acquire().Granted);
    }

    [Fact]
    public void Reset_BreakerOpen_ClosedAndCountsForgotten()
    {
        var driver = CredentialDriver.With();
        for (var i = 0; i < BreakerOptions.Default.ConsecutiveFailures; i++)
        {
            var lease = driver.AcquireGranted();
            driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.ServerError, 500));
        }

        Assert.Equal(RefusalKind.BreakerOpen, driver.Acquire().Refusal!.Kind);

        var reset = driver.Reset();

        Assert.Equal(BreakerPhase.Open, reset.Breaker);
        Assert.Equal(BreakerState.Closed, driver.State.Breaker);
        Assert.True(driver.Acquire().Granted);
    }

    [Fact]
    public void Reset_OwnWindowSpent_KeptAndReportedAsStillRefusing()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", TimeSpan.FromMinutes(1), 1, null));
        var lease = driver.AcquireGranted();
        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 1));

        var reset = driver.Reset();

        Assert.Equal(RefusalKind.WindowExhausted, reset.StillRefused!.Kind);
        Assert.Null(reset.CooldownUntil);
        Assert.False(reset.Learned);
        Assert.False(driver.Acquire().Granted);
    }

    [Fact]
    public void Reset_InFlightLease_Kept()
    {
        var driver = CredentialDriver.With(concurrency: 2);
        var lease = driver.AcquireGranted();

        driver.Reset();

        Assert.Equal(lease.Id, Assert.Single(driver.State.Leases).Id);
    }
}
