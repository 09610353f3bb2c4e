using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class CredentialTransitionsAuthTests
{
    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public void Settle_AuthFailed_DisablesWhileFingerprintUnchanged(int status)
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.AuthFailed, status));

        var refused = driver.Acquire();
        Assert.Equal(RefusalKind.Disabled, refused.Refusal!.Kind);
        Assert.Null(refused.Refusal.RetryAt);
        Assert.False(refused.Refusal.IsRateLimit);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Refusal.Detail, StringComparison.Ordinal);

        // Time alone never re-enables a rejected key.
        driver.Advance(TimeSpan.FromDays(3));
        Assert.Equal(RefusalKind.Disabled, driver.View().Refusal!.Kind);
    }

    [Fact]
    public void Acquire_DisabledKeyReplacedInConfig_GrantedAgain()
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();
        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.AuthFailed, 401));

        driver.Policy = driver.Policy with { Fingerprint = "fp-2" };

        Assert.True(driver.Acquire().Granted);
        Assert.True(driver.View().Available);
    }

    [Fact]
    public void Settle_AuthFailed_DoesNotCountAsUpstreamFailure()
    {
        var driver = CredentialDriver.With();
        var lease = driver.AcquireGranted();

        driver.Settle(lease.Id, new AttemptOutcome(OutcomeKind.AuthFailed, 401));

        Assert.Equal(0, driver.State.Breaker.ConsecutiveFailures);
        Assert.Equal(HealthState.Unknown, driver.State.Health);
    }
}
