namespace RoutingCluster.Entities;

/// <summary>Requests and tokens admitted during one time bucket of a window.</summary>
[GenerateSerializer]
[Immutable]
public sealed record WindowBucket([property: Id(0)] long Index, [property: Id(1)] long Requests, [property: Id(2)] long Tokens);
