namespace RoutingCluster.Configuration;

/// <summary>A subscription profile's usage heartbeat. Exactly one of <see cref="Model"/> and <see cref="UsageUrl"/>.</summary>
public sealed record HeartbeatConfig
{
    /// <summary>How often the figure is refreshed when nothing else refreshed it, e.g. <c>5m</c>.</summary>
    public string? Every { get; init; }

    /// <summary>A cheap model of the profile's provider: the probe is a one-token request to it.</summary>
    public string? Model { get; init; }

    /// <summary>A path on the provider's own host (e.g. <c>/api/usage</c>) whose answer carries the plan's headers.</summary>
    public string? UsageUrl { get; init; }
}
