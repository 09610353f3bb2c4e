using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RoutingCluster.Gateway.Health;

/// <summary>Ready once this node's silo is an active member of the cluster (joined, not yet shutting down).</summary>
public sealed class SiloJoinedCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var local = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var status = services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(local);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("the silo is an active cluster member")
            : HealthCheckResult.Unhealthy($"the silo is {status.ToString().ToLowerInvariant()}, not active"));
    }
}
