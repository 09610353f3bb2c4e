namespace RoutingCluster.Entities;

/// <summary>The breaker's decision for one admission check.</summary>
public enum BreakerAdmission
{
    Allowed,
    /// <summary>Allowed as one of the bounded half-open probes.</summary>
    Probe,
    /// <summary>Open, or half-open with every probe slot taken.</summary>
    Refused,
}
