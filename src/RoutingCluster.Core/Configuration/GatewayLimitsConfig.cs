namespace RoutingCluster.Configuration;

/// <summary>The top-level <c>limits:</c> section: caps on what the outside world can make the gateway hold.</summary>
public sealed record GatewayLimitsConfig
{
    /// <summary>Longest SSE event accepted from an upstream, as a size (<c>4MiB</c>, <c>512KiB</c>, <c>65536</c>).</summary>
    public string? SseEventMaxBytes { get; init; }
}
