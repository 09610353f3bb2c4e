namespace RoutingCluster.Configuration;

public sealed record BreakerConfig
{
    public int? ConsecutiveFailures { get; init; }
    public double? FailureRatio { get; init; }
    public string? SamplingWindow { get; init; }
    public int? MinimumThroughput { get; init; }
    public string? BreakDuration { get; init; }
    public int? HalfOpenProbes { get; init; }
}
