namespace RoutingCluster.Configuration;

/// <summary>One header of another vendor's plan: which window it speaks of and what it carries.</summary>
public sealed record PlanHeaderConfig
{
    public string? Header { get; init; }

    public string? Window { get; init; }

    /// <summary><c>utilization</c>, <c>reset-epoch</c>, <c>reset-after-seconds</c> or <c>reset-time</c>.</summary>
    public string? Value { get; init; }

    /// <summary>What a full window reads as, for <c>utilization</c>: 1 for a fraction (the default), 100 for a percent.</summary>
    public double? Scale { get; init; }
}
