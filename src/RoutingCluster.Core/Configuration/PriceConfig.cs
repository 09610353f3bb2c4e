namespace RoutingCluster.Configuration;

public sealed record PriceConfig
{
    /// <summary>USD per one million input tokens.</summary>
    public decimal? Input { get; init; }
    /// <summary>USD per one million output tokens.</summary>
    public decimal? Output { get; init; }
}
