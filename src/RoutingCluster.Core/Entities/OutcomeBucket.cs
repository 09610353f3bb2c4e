namespace RoutingCluster.Entities;

/// <summary>Successes and failures seen during one slice of the breaker's sampling window.</summary>
public sealed record OutcomeBucket(long Index, int Successes, int Failures);
