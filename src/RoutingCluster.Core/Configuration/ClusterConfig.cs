namespace RoutingCluster.Configuration;

/// <summary>Cluster mode tuning (used with <c>store.kind: postgres</c>).</summary>
public sealed record ClusterConfig
{
    /// <summary>This node's id; default: host name plus a random suffix (set it from the pod name on Kubernetes).</summary>
    public string? NodeId { get; init; }
    public string? HeartbeatInterval { get; init; }
    public int? DeadAfterMissedBeats { get; init; }
    /// <summary>While the database is unreachable, how often to try it again.</summary>
    public string? DegradedRetryInterval { get; init; }
}
