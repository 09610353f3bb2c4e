using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class HealthStateTests
{
    private static AttemptOutcome Outcome(OutcomeKind kind, double? latencyMs, double? ttftMs = null) =>
        new(kind, Latency: latencyMs is { } l ? TimeSpan.FromMilliseconds(l) : null, TimeToFirstToken: ttftMs is { } t ? TimeSpan.FromMilliseconds(t) : null);

    [Fact]
    public void Record_FirstSample_TakenAsIs()
    {
        var health = HealthState.Unknown.Record(Outcome(OutcomeKind.Success, 100, 40));

        Assert.Equal(new HealthState(100, 40, 0, 1), health);
    }

    [Fact]
    public void Record_FirstSampleFailed_ErrorRateOne()
    {
        var health = HealthState.Unknown.Record(Outcome(OutcomeKind.ServerError, 100));

        Assert.Equal(1, health.ErrorRate);
        Assert.Null(health.TimeToFirstTokenMs);
    }

    [Fact]
    public void Record_LaterSamples_BlendWithAlpha()
    {
        var health = HealthState.Unknown
            .Record(Outcome(OutcomeKind.Success, 100, 40))
            .Record(Outcome(OutcomeKind.Timeout, 200));

        // 0.8 * 100 + 0.2 * 200; no new TTFT sample keeps the old one; 0.8 * 0 + 0.2 * 1.
        Assert.Equal(120, health.LatencyMs!.Value, 9);
        Assert.Equal(40, health.TimeToFirstTokenMs!.Value, 9);
        Assert.Equal(0.2, health.ErrorRate, 9);
        Assert.Equal(2, health.Samples);

        health = health.Record(Outcome(OutcomeKind.Success, 20, 90));

        // 0.8 * 120 + 0.2 * 20; 0.8 * 40 + 0.2 * 90; 0.8 * 0.2.
        Assert.Equal(100, health.LatencyMs!.Value, 9);
        Assert.Equal(50, health.TimeToFirstTokenMs!.Value, 9);
        Assert.Equal(0.16, health.ErrorRate, 9);
    }

    [Theory]
    [InlineData(OutcomeKind.RateLimited)]
    [InlineData(OutcomeKind.ClientError)]
    [InlineData(OutcomeKind.AuthFailed)]
    [InlineData(OutcomeKind.Cancelled)]
    public void Record_OutcomeSayingNothingAboutUpstream_Unchanged(OutcomeKind kind)
    {
        var before = HealthState.Unknown.Record(Outcome(OutcomeKind.Success, 100));

        Assert.Same(before, before.Record(Outcome(kind, 5000)));
    }
}
