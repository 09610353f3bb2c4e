namespace RoutingCluster.ServiceDefaults;

/// <summary>The body of a health endpoint: overall status and each check's.</summary>
public sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, HealthCheckAnswer> Checks);
