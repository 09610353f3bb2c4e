using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class CredentialTransitionsBreakerTests
{
    private static readonly BreakerOptions Breaker = new(2, 0.5, TimeSpan.FromSeconds(10), 1000, TimeSpan.FromSeconds(30), 1);

    private static CredentialDriver TrippedDriver()
    {
        var driver = new CredentialDriver(new CredentialPolicy(new CredentialLimits(10, []), Breaker, "fp-1"));
        for (var i = 0; i < 2; i++)
        {
            var lease = driver.AcquireGranted();
            driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.ServerError, 500));
        }

        return driver;
    }

    [Fact]
    public void Acquire_BreakerTripped_RefusedUntilBreakEnds()
    {
        var driver = TrippedDriver();

        var refused = driver.Acquire();

        Assert.Equal(RefusalKind.BreakerOpen, refused.Refusal!.Kind);
        Assert.Equal(CredentialDriver.Start + Breaker.BreakDuration, refused.Refusal.RetryAt);
        Assert.False(refused.Refusal.IsRateLimit);
        Assert.Equal(RefusalKind.BreakerOpen, driver.View().Refusal!.Kind);
    }

    [Fact]
    public void Acquire_HalfOpen_GrantsOneProbeLeaseAndRefusesOthers()
    {
        var driver = TrippedDriver();
        driver.Advance(Breaker.BreakDuration);

        var probe = driver.AcquireGranted(ttl: TimeSpan.FromSeconds(20));
        var refused = driver.Acquire();

        Assert.True(probe.Probe);
        Assert.Equal(RefusalKind.BreakerOpen, refused.Refusal!.Kind);
        Assert.Equal(probe.ExpiresAt, refused.Refusal.RetryAt);
        // The refused attempt took no concurrency slot.
        Assert.Single(driver.State.Leases);
    }

    [Fact]
    public void Acquire_ProbeLeaseLostWithItsNode_NextProbeAdmittedAtExpiry()
    {
        var driver = TrippedDriver();
        driver.Advance(Breaker.BreakDuration);
        var lost = driver.AcquireGranted(ttl: TimeSpan.FromSeconds(20));

        driver.Now = lost.ExpiresAt;
        var next = driver.AcquireGranted();

        Assert.True(next.Probe);
    }

    [Fact]
    public void Settle_ProbeSucceeded_ClosesAndLeasesAreNormalAgain()
    {
        var driver = TrippedDriver();
        driver.Advance(Breaker.BreakDuration);
        var probe = driver.AcquireGranted();

        driver.Settle(probe.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 5));

        Assert.False(driver.AcquireGranted().Probe);
        Assert.False(driver.AcquireGranted().Probe);
    }

    [Fact]
    public void Settle_ProbeFailed_RefusedForAnotherBreak()
    {
        var driver = TrippedDriver();
        driver.Advance(Breaker.BreakDuration);
        var probe = driver.AcquireGranted();
        driver.Advance(TimeSpan.FromSeconds(3));

        driver.Settle(probe.Id, new AttemptOutcome(OutcomeKind.ConnectError));

        Assert.Equal(driver.Now + Breaker.BreakDuration, driver.Acquire().Refusal!.RetryAt);
    }
}
