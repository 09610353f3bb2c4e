namespace RoutingCluster.Cluster;

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
