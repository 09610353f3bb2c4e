namespace RoutingCluster.Stats;

/// <summary>Calls the gateway answered with an error of its own, for one tenant and one reason (the error code).</summary>
public sealed record StatsRefusal(string Tenant, string Reason, long Calls);
