namespace RoutingCluster.ServiceDefaults;

/// <summary>One check's status (<c>healthy</c>, <c>unhealthy</c>) and why.</summary>
public sealed record HealthCheckAnswer(string Status, string? Reason);
