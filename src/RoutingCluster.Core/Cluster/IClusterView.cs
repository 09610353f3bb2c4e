namespace RoutingCluster.Cluster;

/// <summary>One gateway node as the cluster registry knows it.</summary>
/// <param name="Status"><c>live</c> or <c>dead</c>.</param>
public sealed record NodeInfo(string Id, string Address, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, string Status, DateTimeOffset? DeadAt);

/// <summary>What this node knows of the cluster it belongs to.</summary>
public interface IClusterView
{
    /// <summary>This node's id (stable for its lifetime; leases carry it).</summary>
    string NodeId { get; }

    /// <summary>True while this node holds the leader lock and runs cluster-wide background work.</summary>
    bool IsLeader { get; }

    /// <summary>Live nodes at the last heartbeat (at least 1: this node). Used by the degraded policy.</summary>
    int LiveNodeCount { get; }

    Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken = default);
}

/// <summary>The embedded single-node "cluster": one node, always its own leader.</summary>
public sealed class SingleNodeCluster(string nodeId, DateTimeOffset startedAt) : IClusterView
{
    public string NodeId => nodeId;

    public bool IsLeader => true;

    public int LiveNodeCount => 1;

    public Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<NodeInfo>>([new NodeInfo(nodeId, "local", startedAt, startedAt, "live", null)]);
}
