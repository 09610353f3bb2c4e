using RoutingCluster.Entities;
using RoutingCluster.Gateway.Forwarding;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

public sealed class UpstreamStatusTests
{
    [Theory]
    [InlineData(429, OutcomeKind.RateLimited)]
    [InlineData(401, OutcomeKind.AuthFailed)]
    [InlineData(403, OutcomeKind.AuthFailed)]
    [InlineData(408, OutcomeKind.Timeout)]
    [InlineData(500, OutcomeKind.ServerError)]
    [InlineData(502, OutcomeKind.ServerError)]
    [InlineData(503, OutcomeKind.ServerError)]
    [InlineData(529, OutcomeKind.ServerError)]
    [InlineData(400, OutcomeKind.ClientError)]
    [InlineData(404, OutcomeKind.ClientError)]
    [InlineData(413, OutcomeKind.ClientError)]
    [InlineData(422, OutcomeKind.ClientError)]
    public void Classify_UpstreamStatus_OutcomeKind(int status, OutcomeKind expected) =>
        Assert.Equal(expected, UpstreamStatus.Classify(status));

    [Theory]
    [InlineData(429, true, false)]
    [InlineData(401, true, false)]
    [InlineData(500, true, true)]
    [InlineData(408, true, true)]
    [InlineData(400, false, false)]
    public void Classify_FailoverAndBreakerCounting_FollowKind(int status, bool failover, bool countsAsFailure)
    {
        var kind = UpstreamStatus.Classify(status);

        Assert.Equal(failover, kind.AllowsFailover());
        Assert.Equal(countsAsFailure, kind.CountsAsFailure());
    }
}
