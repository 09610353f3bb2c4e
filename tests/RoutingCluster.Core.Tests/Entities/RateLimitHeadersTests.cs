using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class RateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static RateLimitObservation Parse(params (string Name, string Value)[] headers)
    {
        var map = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        return RateLimitHeaders.Parse(name => map.GetValueOrDefault(name), Now);
    }

    [Fact]
    public void Parse_RetryAfterSeconds_RelativeToNow()
    {
        Assert.Equal(Now.AddSeconds(30), Parse(("retry-after", "30")).RetryAt);
        Assert.Equal(Now.AddSeconds(1.5), Parse(("retry-after", "1.5")).RetryAt);
    }

    [Fact]
    public void Parse_RetryAfterHttpDate_Absolute()
    {
        var observation = Parse(("retry-after", "Wed, 04 Mar 2026 10:02:05 GMT"));

        Assert.Equal(new DateTimeOffset(2026, 3, 4, 10, 2, 5, TimeSpan.Zero), observation.RetryAt);
    }

    [Fact]
    public void Parse_RetryAfterMs_WinsOverRetryAfter()
    {
        var observation = Parse(("retry-after-ms", "250"), ("retry-after", "30"));

        Assert.Equal(Now.AddMilliseconds(250), observation.RetryAt);
    }

    [Fact]
    public void Parse_OpenAiHeaders_ResolvedToAbsoluteTimes()
    {
        var observation = Parse(
            ("x-ratelimit-limit-requests", "500"),
            ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-reset-requests", "6m0s"),
            ("x-ratelimit-limit-tokens", "30000"),
            ("x-ratelimit-remaining-tokens", "29000"),
            ("x-ratelimit-reset-tokens", "20ms"));

        Assert.Equal(new RateLimitObservation(
            RetryAt: null,
            RemainingRequests: 0,
            RequestsResetAt: Now.AddMinutes(6),
            RemainingTokens: 29000,
            TokensResetAt: Now.AddMilliseconds(20),
            LimitRequests: 500,
            LimitTokens: 30000), observation);
        Assert.Equal(Now.AddMinutes(6), observation.ExhaustedUntil(Now));
    }

    [Fact]
    public void Parse_ResetAsRfc3339Time_Absolute()
    {
        var observation = Parse(("x-ratelimit-reset-requests", "2026-03-04T10:05:00Z"));

        Assert.Equal(new DateTimeOffset(2026, 3, 4, 10, 5, 0, TimeSpan.Zero), observation.RequestsResetAt);
    }

    [Fact]
    public void Parse_NoHeaders_Empty()
    {
        var observation = Parse();

        Assert.True(observation.IsEmpty);
        Assert.Same(RateLimitObservation.Empty, observation);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("")]
    [InlineData("5 minutes")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Parse_GarbageValues_Ignored(string garbage)
    {
        var observation = Parse(
            ("retry-after", garbage),
            ("retry-after-ms", garbage),
            ("x-ratelimit-remaining-requests", garbage),
            ("x-ratelimit-reset-requests", garbage),
            ("x-ratelimit-reset-tokens", garbage),
            ("x-ratelimit-limit-tokens", garbage));

        Assert.True(observation.IsEmpty);
    }

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("20ms", 20)]
    [InlineData("6m0s", 360_000)]
    [InlineData("1h2m3.5s", 3_723_500)]
    [InlineData("0.5", 500)]
    [InlineData("7", 7000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1500us", 1.5)]
    public void TryParseGoDuration_ValidText_Parses(string text, double expectedMs)
    {
        Assert.True(RateLimitHeaders.TryParseGoDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("5x")]
    [InlineData("1h2")]
    [InlineData("1..2s")]
    [InlineData("-1s")]
    [InlineData("-3")]
    [InlineData("NaN")]
    public void TryParseGoDuration_Invalid_ReturnsFalse(string text)
    {
        Assert.False(RateLimitHeaders.TryParseGoDuration(text, out _));
    }

    [Theory]
    [InlineData("1e30")]
    [InlineData("99999999999h")]
    public void TryParseGoDuration_TooLongForATimeSpan_SaturatesInsteadOfThrowing(string text)
    {
        Assert.True(RateLimitHeaders.TryParseGoDuration(text, out var duration));
        Assert.Equal(TimeSpan.MaxValue, duration);
    }

    [Theory]
    [InlineData("retry-after", "1e30")]
    [InlineData("retry-after-ms", "1e300")]
    [InlineData("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT")]
    public void Parse_WaitBeyondAnyDate_ReadAsTheLatestTimeNotIgnored(string name, string value)
    {
        // Read as sent; CooldownPolicy caps it. Before, a relative wait over 366 days was dropped as
        // garbage (so the key cooled down for the 15 s default) while an HTTP date was kept as is.
        var observation = Parse((name, value));

        Assert.True(observation.RetryAt >= new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero));
    }

    [Fact]
    public void Parse_HugeResetDuration_ReadAsTheLatestTime()
    {
        var observation = Parse(("x-ratelimit-remaining-tokens", "0"), ("x-ratelimit-reset-tokens", "99999999999h"));

        Assert.Equal(DateTimeOffset.MaxValue, observation.TokensResetAt);
    }

    [Fact]
    public void Parse_AnthropicHeaders_RequestsAndTightestTokenFamily()
    {
        var observation = Parse(
            ("anthropic-ratelimit-requests-limit", "50"),
            ("anthropic-ratelimit-requests-remaining", "49"),
            ("anthropic-ratelimit-requests-reset", "2026-03-04T10:00:01Z"),
            ("anthropic-ratelimit-tokens-limit", "90000"),
            ("anthropic-ratelimit-tokens-remaining", "80000"),
            ("anthropic-ratelimit-tokens-reset", "2026-03-04T10:00:06Z"),
            ("anthropic-ratelimit-input-tokens-limit", "40000"),
            ("anthropic-ratelimit-input-tokens-remaining", "1200"),
            ("anthropic-ratelimit-input-tokens-reset", "2026-03-04T10:00:09Z"),
            ("anthropic-ratelimit-output-tokens-limit", "8000"),
            ("anthropic-ratelimit-output-tokens-remaining", "7000"),
            ("anthropic-ratelimit-output-tokens-reset", "2026-03-04T10:00:02Z"));

        Assert.Equal(49, observation.RemainingRequests);
        Assert.Equal(50, observation.LimitRequests);
        Assert.Equal(Now.AddSeconds(1), observation.RequestsResetAt);
        Assert.Equal(1200, observation.RemainingTokens);
        Assert.Equal(40000, observation.LimitTokens);
        Assert.Equal(Now.AddSeconds(9), observation.TokensResetAt);
        Assert.Null(observation.ExhaustedUntil(Now));
    }

    [Fact]
    public void Parse_AnthropicOutputTokensExhausted_ExhaustedUntilItsReset()
    {
        var observation = Parse(
            ("anthropic-ratelimit-input-tokens-remaining", "5000"),
            ("anthropic-ratelimit-input-tokens-reset", "2026-03-04T10:00:03Z"),
            ("anthropic-ratelimit-output-tokens-remaining", "0"),
            ("anthropic-ratelimit-output-tokens-reset", "2026-03-04T10:00:40Z"));

        Assert.Equal(Now.AddSeconds(40), observation.ExhaustedUntil(Now));
    }

    [Fact]
    public void Parse_OpenAiHeadersPresent_AnthropicOnesIgnored()
    {
        var observation = Parse(("x-ratelimit-remaining-requests", "7"), ("anthropic-ratelimit-requests-remaining", "1"));

        Assert.Equal(7, observation.RemainingRequests);
    }
}
