namespace RoutingCluster.Cluster;

/// <summary>What this node knows of the cluster it belongs to (one node when embedded).</summary>
public interface IClusterView
{
    /// <summary>This node's name (stable for its lifetime; the ledger and <c>x-routing-node</c> carry it).</summary>
    string NodeId { get; }

    /// <summary>This node's silo address: leases carry it, so a grain can tell when their holder died.</summary>
    string SiloAddress { get; }

    /// <summary>Every node the cluster's membership table lists, dead ones included until Orleans cleans them up.</summary>
    Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken = default);
}
