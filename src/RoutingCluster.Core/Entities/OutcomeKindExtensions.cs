namespace RoutingCluster.Entities;

public static class OutcomeKindExtensions
{
    /// <summary>Failures that speak about upstream health (breaker and error rate).</summary>
    public static bool CountsAsFailure(this OutcomeKind kind) =>
        kind is OutcomeKind.ServerError or OutcomeKind.ConnectError or OutcomeKind.Timeout or OutcomeKind.StreamBroken;

    /// <summary>Failures after which another candidate may be tried, when nothing reached the client yet.</summary>
    public static bool AllowsFailover(this OutcomeKind kind) =>
        kind is OutcomeKind.RateLimited or OutcomeKind.ServerError or OutcomeKind.ConnectError
            or OutcomeKind.Timeout or OutcomeKind.AuthFailed;
}
