using Microsoft.Extensions.Logging;

namespace RoutingCluster.Storage.Postgres.Membership;

/// <summary>Every log event of cluster membership (ids 3000-3099). Connection strings are never a parameter.</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Node {NodeId} joined the cluster at {Address}; {LiveNodes} live node(s)")]
    public static partial void Joined(ILogger logger, string nodeId, string address, int liveNodes);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Node {NodeId}: cluster {Step} failed; keeping the last known state ({LiveNodes} live node(s))")]
    public static partial void TickFailed(ILogger logger, string nodeId, string step, int liveNodes, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Node {NodeId} became the cluster leader")]
    public static partial void LeadershipAcquired(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Node {NodeId} is no longer the cluster leader")]
    public static partial void LeadershipLost(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Leader {NodeId} declared dead after {DeadAfter} without a heartbeat: {DeadNodes}")]
    public static partial void NodesDeclaredDead(ILogger logger, string nodeId, TimeSpan deadAfter, string deadNodes);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Leader {NodeId} released {Leases} lease(s) held by dead node(s) {DeadNodes} across {Credentials} credential(s)")]
    public static partial void LeasesReleased(ILogger logger, string nodeId, int leases, string deadNodes, int credentials);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Node {NodeId} left the cluster")]
    public static partial void Left(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Node {NodeId} could not mark itself as left; the leader will declare it dead after its heartbeat timeout")]
    public static partial void LeaveFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Node {NodeId} was declared dead by the cluster while still running; rejoining (leases it held may have been released)")]
    public static partial void Rejoined(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Leader lock session failed; leadership is given up")]
    public static partial void LeaderSessionFailed(ILogger logger, Exception exception);
}
