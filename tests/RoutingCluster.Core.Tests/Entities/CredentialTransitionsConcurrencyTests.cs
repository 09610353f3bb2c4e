using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class CredentialTransitionsConcurrencyTests
{
    private static readonly AttemptOutcome Ok = new(OutcomeKind.Success, 200, Tokens: 0);

    [Fact]
    public void Acquire_LimitReached_RefusesNextWithEarliestLeaseExpiry()
    {
        var driver = CredentialDriver.With(concurrency: 2);
        driver.AcquireGranted(ttl: TimeSpan.FromSeconds(30));
        driver.Advance(TimeSpan.FromSeconds(1));
        driver.AcquireGranted(ttl: TimeSpan.FromSeconds(10));

        var refused = driver.Acquire();

        Assert.Equal(RefusalKind.ConcurrencyFull, refused.Refusal!.Kind);
        Assert.Equal(CredentialDriver.Start + TimeSpan.FromSeconds(11), refused.Refusal.RetryAt);
        Assert.Contains("2/2", refused.Refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_LeaseInFlight_FreesItsSlot()
    {
        var driver = CredentialDriver.With(concurrency: 2);
        var first = driver.AcquireGranted();
        driver.AcquireGranted();
        Assert.False(driver.Acquire().Granted);

        Assert.True(driver.Settle(first.Id, Ok));

        Assert.True(driver.Acquire().Granted);
        Assert.False(driver.Acquire().Granted);
    }

    [Fact]
    public void Settle_UnknownLease_ReturnsFalseAndFreesNothing()
    {
        var driver = CredentialDriver.With(concurrency: 1);
        driver.AcquireGranted();

        Assert.False(driver.Settle("lease-from-elsewhere", Ok));

        Assert.False(driver.Acquire().Granted);
    }

    [Fact]
    public void Acquire_LeaseNeverSettled_SlotFreedAtItsTtl()
    {
        var driver = CredentialDriver.With(concurrency: 1);
        driver.AcquireGranted(ttl: TimeSpan.FromSeconds(30));

        driver.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.Equal(RefusalKind.ConcurrencyFull, driver.Acquire().Refusal!.Kind);

        driver.Advance(TimeSpan.FromTicks(1));
        var lease = driver.AcquireGranted();
        Assert.Equal(driver.Now, lease.AcquiredAt);
        Assert.Single(driver.State.Leases);
    }

    [Fact]
    public void View_HalfTheSlotsInFlight_ReportsHalfHeadroomWithoutTakingASlot()
    {
        var driver = CredentialDriver.With(concurrency: 4);
        driver.AcquireGranted();
        driver.AcquireGranted();

        var view = driver.View();

        Assert.True(view.Available);
        Assert.Equal(0.5, view.Headroom, 9);
        Assert.Equal(2, view.InFlight);
        Assert.Equal(2, driver.State.Leases.Length);
    }
}
