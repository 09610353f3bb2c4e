namespace RoutingCluster.Entities;

/// <summary>Requests and tokens admitted during one time bucket of a window.</summary>
public sealed record WindowBucket(long Index, long Requests, long Tokens);
