namespace RoutingCluster.Configuration;

public sealed record ServerConfig
{
    public long? MaxRequestBodyBytes { get; init; }
}
