namespace RoutingCluster.Cluster;

/// <summary>How a node takes part in the cluster (cluster mode only).</summary>
/// <param name="NodeId">Unique per running node; defaults to host name plus a random suffix.</param>
/// <param name="HeartbeatInterval">How often a node beats, and how often the leader looks for dead nodes.</param>
/// <param name="DeadAfterMissedBeats">A node whose last beat is older than this many intervals is declared dead.</param>
/// <param name="DegradedRetryInterval">While the database is unreachable, how often a node tries it again.</param>
public sealed record ClusterOptions(string NodeId, TimeSpan HeartbeatInterval, int DeadAfterMissedBeats, TimeSpan DegradedRetryInterval)
{
    public TimeSpan DeadAfter => HeartbeatInterval * DeadAfterMissedBeats;

    public static string DefaultNodeId() => $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}";
}
