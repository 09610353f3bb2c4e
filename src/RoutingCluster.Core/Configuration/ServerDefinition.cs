namespace RoutingCluster.Configuration;

public sealed record ServerDefinition(long MaxRequestBodyBytes);
