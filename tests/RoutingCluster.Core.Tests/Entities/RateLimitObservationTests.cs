using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class RateLimitObservationTests
{
    private static readonly DateTimeOffset Now = CredentialDriver.Start;

    [Fact]
    public void ExhaustedUntil_RequestsLeft_Null()
    {
        var observation = new RateLimitObservation(RemainingRequests: 3, RequestsResetAt: Now.AddMinutes(1));

        Assert.Null(observation.ExhaustedUntil(Now));
    }

    [Fact]
    public void ExhaustedUntil_NoRequestsLeft_ResetTime()
    {
        var observation = new RateLimitObservation(RemainingRequests: 0, RequestsResetAt: Now.AddMinutes(1));

        Assert.Equal(Now.AddMinutes(1), observation.ExhaustedUntil(Now));
    }

    [Fact]
    public void ExhaustedUntil_BothExhausted_LaterReset()
    {
        var observation = new RateLimitObservation(
            RemainingRequests: 0, RequestsResetAt: Now.AddSeconds(10),
            RemainingTokens: 0, TokensResetAt: Now.AddSeconds(40));

        Assert.Equal(Now.AddSeconds(40), observation.ExhaustedUntil(Now));
        Assert.Equal(Now.AddSeconds(50), (observation with { RequestsResetAt = Now.AddSeconds(50) }).ExhaustedUntil(Now));
    }

    [Fact]
    public void ExhaustedUntil_ResetAlreadyPassed_Null()
    {
        var observation = new RateLimitObservation(RemainingRequests: 0, RequestsResetAt: Now);

        Assert.Null(observation.ExhaustedUntil(Now));
    }

    [Fact]
    public void ExhaustedUntil_ExhaustedWithoutResetTime_Null()
    {
        var observation = new RateLimitObservation(RemainingTokens: 0);

        Assert.Null(observation.ExhaustedUntil(Now));
    }
}
