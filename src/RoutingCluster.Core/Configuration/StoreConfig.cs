namespace RoutingCluster.Configuration;

public sealed record StoreConfig
{
    public string? Kind { get; init; }
    public string? ConnectionString { get; init; }
}
