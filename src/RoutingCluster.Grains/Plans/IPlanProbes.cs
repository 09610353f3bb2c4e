using RoutingCluster.Plans;

namespace RoutingCluster.Grains.Plans;

/// <summary>
/// What a subscription profile's grain asks of its node for the usage heartbeat: how often (from
/// the node's current config) and the probe itself (an upstream call, which the node makes).
/// </summary>
public interface IPlanProbes
{
    /// <summary>The profile's heartbeat interval, or null when it has none (or is not a profile).</summary>
    TimeSpan? IntervalFor(string credentialId);

    /// <summary>Probes the profile once; null when the answer said nothing of the plan. Throws on a failed probe.</summary>
    Task<PlanObservation?> ProbeAsync(string credentialId, CancellationToken cancellationToken);
}
