namespace RoutingCluster.Configuration;

public sealed record LimitsConfig
{
    public int? Rpm { get; init; }
    public long? Tpm { get; init; }
    public int? Concurrency { get; init; }
    public List<WindowConfig>? Windows { get; init; }
}
