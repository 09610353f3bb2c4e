namespace RoutingCluster.Plans;

/// <summary>What a header of a generic plan mapping carries.</summary>
public enum PlanHeaderValue
{
    /// <summary>The window's used share, divided by the mapping's scale (1 for a fraction, 100 for a percent).</summary>
    Utilization,

    /// <summary>The window's reset as epoch seconds.</summary>
    ResetEpochSeconds,

    /// <summary>The window's reset as seconds from now.</summary>
    ResetAfterSeconds,

    /// <summary>The window's reset as an RFC 3339 / ISO 8601 time.</summary>
    ResetTime,
}
