using Microsoft.Extensions.Diagnostics.HealthChecks;
using RoutingCluster.Gateway.Configuration;

namespace RoutingCluster.Gateway.Health;

/// <summary>
/// Names the config in force. A gateway never runs without one (a bad file at start stops it, a bad
/// reload keeps the last good one), so this check cannot fail while the process answers; it is part
/// of readiness so that the answer says which config a node serves.
/// </summary>
public sealed class ConfigLoadedCheck(ActiveConfig active) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(
            $"config in force: {active.Current.Credentials.Count} credentials, {active.Current.Roles.Count} roles"));
}
