namespace RoutingCluster.Configuration;

public sealed record ModelConfig
{
    public string? Id { get; init; }
    public string? Provider { get; init; }
    public string? UpstreamModel { get; init; }
    public int? ContextWindow { get; init; }
    public int? MaxOutput { get; init; }
    public List<string>? Capabilities { get; init; }
    public PriceConfig? Price { get; init; }
}
