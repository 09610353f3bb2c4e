using RoutingCluster.Plans;

namespace RoutingCluster.Grains.Plans;

/// <summary>A silo without a gateway (grain tests): no profile has a heartbeat.</summary>
internal sealed class NoPlanProbes : IPlanProbes
{
    public TimeSpan? IntervalFor(string credentialId) => null;

    public Task<PlanObservation?> ProbeAsync(string credentialId, CancellationToken cancellationToken) => Task.FromResult<PlanObservation?>(null);
}
