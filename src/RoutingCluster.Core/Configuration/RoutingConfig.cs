namespace RoutingCluster.Configuration;

public sealed record RoutingConfig
{
    public string? DefaultRole { get; init; }
    public List<RuleConfig>? Rules { get; init; }
}
