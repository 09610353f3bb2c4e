namespace RoutingCluster.Cluster;

/// <summary>One gateway node as the cluster registry knows it.</summary>
/// <param name="Status"><c>live</c> or <c>dead</c>.</param>
public sealed record NodeInfo(string Id, string Address, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, string Status, DateTimeOffset? DeadAt);
