namespace RoutingCluster.Configuration;

public sealed record SimulationConfig
{
    /// <summary>Delay before the first byte, e.g. <c>150ms</c>.</summary>
    public string? Latency { get; init; }
    public double? TokensPerSecond { get; init; }
    /// <summary>Fraction of requests answered with a 500, 0..1.</summary>
    public double? FailureRate { get; init; }
    /// <summary>Requests per minute the simulated upstream allows per key; it reports
    /// <c>x-ratelimit-*</c> headers against it and answers 429 past it. Unset: unlimited, no headers.</summary>
    public int? RequestsPerMinute { get; init; }
    public int? Seed { get; init; }
}
