namespace RoutingCluster.Entities;

/// <param name="Status">Upstream HTTP status, when one was received.</param>
/// <param name="Tokens">Real input + output tokens when the upstream reported usage.</param>
/// <param name="RateLimits">What the response headers said about the key's limits.</param>
[GenerateSerializer]
[Immutable]
public sealed record AttemptOutcome(
    [property: Id(0)] OutcomeKind Kind,
    [property: Id(1)] int? Status = null,
    [property: Id(2)] long? Tokens = null,
    [property: Id(3)] TimeSpan? Latency = null,
    [property: Id(4)] TimeSpan? TimeToFirstToken = null,
    [property: Id(5)] RateLimitObservation? RateLimits = null);
