namespace RoutingCluster.Cluster;

/// <summary>The embedded single-node "cluster": one node, always its own leader.</summary>
public sealed class SingleNodeCluster(string nodeId, DateTimeOffset startedAt) : IClusterView
{
    public string NodeId => nodeId;

    public bool IsLeader => true;

    public int LiveNodeCount => 1;

    public Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<NodeInfo>>([new NodeInfo(nodeId, "local", startedAt, startedAt, "live", null)]);
}
