namespace RoutingCluster.Configuration;

public sealed record ServerConfig
{
    public long? MaxRequestBodyBytes { get; init; }
    public MetricsConfig? Metrics { get; init; }
}
