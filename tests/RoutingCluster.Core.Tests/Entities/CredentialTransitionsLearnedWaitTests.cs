using Xunit;

namespace RoutingCluster.Entities.Tests;

/// <summary>
/// Whatever wait an upstream's headers ask for, a settle cools the credential down for at most the
/// provider's cap (default 1 h): HTTP dates, RFC 3339 resets and relative values alike.
/// </summary>
public sealed class CredentialTransitionsLearnedWaitTests
{
    private static readonly TimeSpan Cap = CooldownPolicy.DefaultMaxLearnedWait;

    private static RateLimitObservation Headers(DateTimeOffset now, params (string Name, string Value)[] headers)
    {
        var map = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        return RateLimitHeaders.Parse(name => map.GetValueOrDefault(name), now);
    }

    private static void SettleWith(CredentialDriver driver, OutcomeKind kind, params (string Name, string Value)[] headers)
    {
        var lease = driver.AcquireGranted();
        driver.Settle(lease.Id, new AttemptOutcome(kind, kind == OutcomeKind.RateLimited ? 429 : 200, RateLimits: Headers(driver.Now, headers)));
    }

    [Fact]
    public void Settle_429WithFarFutureHttpDateRetryAfter_CoolsDownForTheDefaultCapOnly()
    {
        var driver = CredentialDriver.With();

        SettleWith(driver, OutcomeKind.RateLimited, ("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT"));

        Assert.Equal(driver.Now + TimeSpan.FromHours(1), driver.State.CooldownUntil);
        Assert.Equal(driver.Now + TimeSpan.FromHours(1), driver.Acquire().Refusal!.RetryAt);
        driver.Advance(TimeSpan.FromHours(1));
        Assert.True(driver.Acquire().Granted);
    }

    [Theory]
    [InlineData("x-ratelimit-remaining-requests", "x-ratelimit-reset-requests")]
    [InlineData("x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens")]
    [InlineData("anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-reset")]
    [InlineData("anthropic-ratelimit-output-tokens-remaining", "anthropic-ratelimit-output-tokens-reset")]
    public void Settle_SuccessExhaustedUntilFarFutureRfc3339Reset_CoolsDownForTheCapOnly(string remaining, string reset)
    {
        var driver = CredentialDriver.With();

        SettleWith(driver, OutcomeKind.Success, (remaining, "0"), (reset, "2999-01-01T00:00:00Z"));

        Assert.Equal(driver.Now + Cap, driver.State.CooldownUntil);
        Assert.Equal("upstream reports no remaining quota", driver.State.CooldownReason);
    }

    [Theory]
    [InlineData("retry-after", "31536000")]          // a year in seconds (under the old 366-day bound: taken whole)
    [InlineData("retry-after", "1e30")]              // beyond any date (before: dropped, 15 s default)
    [InlineData("retry-after-ms", "86400000000")]    // 1000 days in ms
    [InlineData("x-ratelimit-reset-requests", "99999999999h")]
    public void Settle_429WithHugeRelativeWait_CoolsDownForTheCap(string name, string value)
    {
        var driver = CredentialDriver.With();

        SettleWith(driver, OutcomeKind.RateLimited, (name, value), ("x-ratelimit-remaining-requests", "0"));

        Assert.Equal(driver.Now + Cap, driver.State.CooldownUntil);
    }

    [Fact]
    public void Settle_ProviderCapOf30Minutes_Honoured()
    {
        var driver = CredentialDriver.With();
        driver.MaxLearnedWait = TimeSpan.FromMinutes(30);

        SettleWith(driver, OutcomeKind.RateLimited, ("retry-after", "7200"));

        Assert.Equal(driver.Now + TimeSpan.FromMinutes(30), driver.State.CooldownUntil);
    }

    [Fact]
    public void Settle_ProviderCapLongerThanTheDefault_AllowsLongerWaits()
    {
        var driver = CredentialDriver.With();
        driver.MaxLearnedWait = TimeSpan.FromDays(1);

        SettleWith(driver, OutcomeKind.RateLimited, ("retry-after", "7200"));

        Assert.Equal(driver.Now + TimeSpan.FromHours(2), driver.State.CooldownUntil);
    }

    [Fact]
    public void Settle_WaitUnderTheCap_TakenAsAsked()
    {
        var driver = CredentialDriver.With();

        SettleWith(driver, OutcomeKind.RateLimited, ("retry-after", "120"));

        Assert.Equal(driver.Now + TimeSpan.FromMinutes(2), driver.State.CooldownUntil);
    }

    [Fact]
    public void Settle_PastHttpDate_NoCooldownInForce()
    {
        var driver = CredentialDriver.With();

        SettleWith(driver, OutcomeKind.RateLimited, ("retry-after", "Wed, 01 Jan 2020 00:00:00 GMT"));

        Assert.True(driver.Acquire().Granted);
    }

    [Fact]
    public void Settle_FarFutureResets_LearnedObservationKeptCapped()
    {
        var driver = CredentialDriver.With();

        SettleWith(driver, OutcomeKind.Success,
            ("x-ratelimit-remaining-requests", "3"), ("x-ratelimit-limit-requests", "100"), ("x-ratelimit-reset-requests", "9999-12-31T23:59:59Z"));

        Assert.Equal(driver.Now + Cap, driver.State.Learned.RequestsResetAt);
        Assert.Null(driver.State.CooldownUntil);
    }
}
