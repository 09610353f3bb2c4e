namespace RoutingCluster.Entities;

/// <param name="Status">Upstream HTTP status, when one was received.</param>
/// <param name="Tokens">Real input + output tokens when the upstream reported usage.</param>
/// <param name="RateLimits">What the response headers said about the key's limits.</param>
public sealed record AttemptOutcome(
    OutcomeKind Kind,
    int? Status = null,
    long? Tokens = null,
    TimeSpan? Latency = null,
    TimeSpan? TimeToFirstToken = null,
    RateLimitObservation? RateLimits = null);
