using RoutingCluster.Entities;

namespace RoutingCluster.Configuration;

public sealed record ResilienceDefinition(TimeSpan AttemptTimeout, TimeSpan RequestTimeout, BreakerOptions Breaker);
