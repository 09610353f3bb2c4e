namespace RoutingCluster.Entities;

/// <summary>Successes and failures seen during one slice of the breaker's sampling window.</summary>
[GenerateSerializer]
[Immutable]
public sealed record OutcomeBucket([property: Id(0)] long Index, [property: Id(1)] int Successes, [property: Id(2)] int Failures);
