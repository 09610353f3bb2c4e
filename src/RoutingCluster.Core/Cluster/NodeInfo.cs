namespace RoutingCluster.Cluster;

/// <summary>One gateway node (silo) as the cluster membership knows it.</summary>
/// <param name="Status">The silo's status in lower case: <c>joining</c>, <c>active</c>, <c>shuttingdown</c>, <c>stopping</c> or <c>dead</c>.</param>
/// <param name="HeartbeatAt">The last time the node wrote that it is alive to the membership table.</param>
public sealed record NodeInfo(string Id, string Address, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, string Status);
