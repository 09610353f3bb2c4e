using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class CredentialTransitionsWindowTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Acquire_IrregularTraffic_NeverAdmitsMoreThanLimitInAnySlidingSpan()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, 5, null));
        TimeSpan[] steps = [TimeSpan.FromSeconds(1.3), TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(7.9), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(31.7)];
        var granted = new List<DateTimeOffset>();
        for (var i = 0; i < 400; i++)
        {
            var result = driver.Acquire();
            if (result.Granted)
            {
                granted.Add(driver.Now);
            }
            else
            {
                // Waiting until the advertised moment must be enough: the oldest bucket has left.
                Assert.Equal(RefusalKind.WindowExhausted, result.Refusal!.Kind);
                Assert.True(result.Refusal.RetryAt > driver.Now);
                driver.Now = result.Refusal.RetryAt!.Value;
                driver.AcquireGranted();
                granted.Add(driver.Now);
            }

            driver.Advance(steps[i % steps.Length]);
        }

        foreach (var end in granted)
        {
            // Closed span [end - 60s, end]: the strictest reading of "per minute".
            Assert.True(granted.Count(t => t >= end - Minute && t <= end) <= 5, $"more than 5 admissions in the minute ending {end:O}");
        }
    }

    [Fact]
    public void Acquire_SteadyTraffic_KeepsAdmittingAtAboutTheLimit()
    {
        // One attempt every 3s for 10 minutes. Each of the 5 slots frees at most one bucket (1s)
        // after its request leaves the minute, and the next attempt comes within 3s: so every slot
        // is reused at least every 64s, i.e. at least 5 * floor(600 / 64) = 45 grants.
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, 5, null));
        var grants = 0;
        for (var i = 0; i < 200; i++)
        {
            grants += driver.Acquire().Granted ? 1 : 0;
            driver.Advance(TimeSpan.FromSeconds(3));
        }

        Assert.InRange(grants, 45, 50);
    }

    [Fact]
    public void Acquire_WindowSpent_RetryAtIsWhenOldestBucketLeaves()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, 5, null));
        driver.Advance(TimeSpan.FromMilliseconds(500));
        for (var i = 0; i < 5; i++)
        {
            driver.AcquireGranted();
        }

        driver.Advance(TimeSpan.FromSeconds(30));
        var refused = driver.Acquire();

        // The five requests sit in the 1s bucket [0s, 1s); it stops counting at 61s.
        Assert.Equal(RefusalKind.WindowExhausted, refused.Refusal!.Kind);
        Assert.Equal(CredentialDriver.Start + TimeSpan.FromSeconds(61), refused.Refusal.RetryAt);
        Assert.Contains("minute", refused.Refusal.Detail, StringComparison.Ordinal);
        Assert.True(refused.Refusal.IsRateLimit);

        // 60.5s after them, the span [0.5s, 60.5s] still holds all five.
        driver.Now = CredentialDriver.Start + TimeSpan.FromSeconds(60.5);
        Assert.False(driver.Acquire().Granted);

        driver.Now = CredentialDriver.Start + TimeSpan.FromSeconds(61);
        Assert.True(driver.Acquire().Granted);
    }

    [Fact]
    public void Acquire_TokensReserved_CountAgainstWindowUntilSettled()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, null, 1000));
        driver.AcquireGranted(600);

        var refused = driver.Acquire(600);

        Assert.Equal(RefusalKind.WindowExhausted, refused.Refusal!.Kind);
        Assert.Contains("tokens", refused.Refusal.Detail, StringComparison.Ordinal);
        Assert.True(driver.Acquire(400).Granted);
    }

    [Fact]
    public void Settle_FewerTokensThanReserved_GivesBackTheDifference()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, null, 1000));
        var lease = driver.AcquireGranted(600);
        driver.Advance(TimeSpan.FromSeconds(5));

        Assert.True(driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 100)));

        Assert.True(driver.Acquire(900).Granted);
        Assert.False(driver.Acquire(1).Granted);
    }

    [Fact]
    public void Settle_MoreTokensThanReserved_ChargesTheExtra()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, null, 1000));
        var lease = driver.AcquireGranted(300);

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 900));

        Assert.False(driver.Acquire(101).Granted);
        Assert.True(driver.Acquire(100).Granted);
    }

    [Fact]
    public void Settle_SuccessWithoutReportedUsage_KeepsTheReservation()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, null, 1000));
        var lease = driver.AcquireGranted(600);

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.Success, 200));

        Assert.False(driver.Acquire(401).Granted);
        Assert.True(driver.Acquire(400).Granted);
    }

    [Fact]
    public void Settle_FailureWithoutUsage_ReleasesTheReservation()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, null, 1000));
        var lease = driver.AcquireGranted(600);

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.ServerError, 500));

        Assert.True(driver.Acquire(1000).Granted);
    }

    [Fact]
    public void Settle_ReservationCorrected_StillCountsTheRequest()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, 1, 1000));
        var lease = driver.AcquireGranted(600);

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.ServerError, 500));

        Assert.Equal(RefusalKind.WindowExhausted, driver.Acquire(10).Refusal!.Kind);
    }

    [Fact]
    public void Acquire_MoreTokensThanWindowAllows_RefusedAsTooLargeWithoutRetry()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, null, 1000));

        var refused = driver.Acquire(1001);

        Assert.Equal(RefusalKind.TooLargeForWindow, refused.Refusal!.Kind);
        Assert.Null(refused.Refusal.RetryAt);
        Assert.False(refused.Refusal.IsRateLimit);
        Assert.True(driver.Acquire(1000).Granted);
    }

    [Fact]
    public void Acquire_LongWindowSpent_RefusedUntilItsOldestBucketLeaves()
    {
        var driver = CredentialDriver.With(null,
            new WindowLimit("minute", Minute, 100, null),
            new WindowLimit("5h", TimeSpan.FromHours(5), 3, null));
        for (var i = 0; i < 3; i++)
        {
            driver.AcquireGranted();
            driver.Advance(Minute);
        }

        driver.Now = CredentialDriver.Start + TimeSpan.FromMinutes(10);
        var refused = driver.Acquire();

        // 5h / 60 buckets = 5 minute buckets; the first request's bucket [0, 5m) leaves at 61 * 5m.
        Assert.Equal(RefusalKind.WindowExhausted, refused.Refusal!.Kind);
        Assert.Contains("5h", refused.Refusal.Detail, StringComparison.Ordinal);
        Assert.Equal(CredentialDriver.Start + TimeSpan.FromMinutes(305), refused.Refusal.RetryAt);

        driver.Now = CredentialDriver.Start + TimeSpan.FromHours(5) - TimeSpan.FromSeconds(1);
        Assert.False(driver.Acquire().Granted);

        driver.Now = refused.Refusal.RetryAt!.Value;
        Assert.True(driver.Acquire().Granted);
    }

    [Fact]
    public void Acquire_MinuteWindowSpent_RefusedByMinuteWhileLongWindowHasRoom()
    {
        var driver = CredentialDriver.With(null,
            new WindowLimit("minute", Minute, 2, null),
            new WindowLimit("5h", TimeSpan.FromHours(5), 4, null));
        driver.AcquireGranted();
        driver.AcquireGranted();

        var refused = driver.Acquire();

        Assert.Contains("minute", refused.Refusal!.Detail, StringComparison.Ordinal);
        Assert.Equal(CredentialDriver.Start + TimeSpan.FromSeconds(61), refused.Refusal.RetryAt);

        // The refused request was not counted anywhere: two more fit in the 5h window, then it is spent.
        driver.Now = CredentialDriver.Start + TimeSpan.FromSeconds(61);
        driver.AcquireGranted();
        driver.AcquireGranted();
        driver.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains("5h", driver.Acquire().Refusal!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void View_WindowHalfUsed_ReportsHalfHeadroom()
    {
        var driver = CredentialDriver.With(null, new WindowLimit("minute", Minute, 10, 1000));
        for (var i = 0; i < 3; i++)
        {
            driver.AcquireGranted(100);
        }

        driver.AcquireGranted(200);

        // Requests 4/10 (0.6 left), tokens 500/1000 (0.5 left): the smallest fraction wins.
        var view = driver.View();
        Assert.True(view.Available);
        Assert.Equal(0.5, view.Headroom, 9);
        Assert.Equal(4, view.InFlight);
    }
}
