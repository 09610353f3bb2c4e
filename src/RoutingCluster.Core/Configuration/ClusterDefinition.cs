namespace RoutingCluster.Configuration;

/// <param name="NodeId">Null: the node picks one at start.</param>
public sealed record ClusterDefinition(string? NodeId, TimeSpan HeartbeatInterval, int DeadAfterMissedBeats, TimeSpan DegradedRetryInterval)
{
    public static readonly ClusterDefinition Default = new(null, TimeSpan.FromSeconds(2), 3, TimeSpan.FromSeconds(5));
}
