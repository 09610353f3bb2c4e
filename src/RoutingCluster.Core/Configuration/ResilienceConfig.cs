namespace RoutingCluster.Configuration;

public sealed record ResilienceConfig
{
    /// <summary>Time allowed to the first byte of one attempt (headers, and the first event of a stream).</summary>
    public string? AttemptTimeout { get; init; }
    /// <summary>Deadline for the whole request, all attempts and the full stream included.</summary>
    public string? RequestTimeout { get; init; }
    public BreakerConfig? Breaker { get; init; }
}
