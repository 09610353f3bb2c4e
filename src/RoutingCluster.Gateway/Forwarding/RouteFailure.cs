namespace RoutingCluster.Gateway.Forwarding;

/// <param name="RetryAfter">When a candidate is expected to accept again, if known.</param>
public sealed record RouteFailure(RouteFailureKind Kind, string Message, TimeSpan? RetryAfter, string Code);
