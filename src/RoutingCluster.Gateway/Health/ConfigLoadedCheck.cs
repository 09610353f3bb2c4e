using Microsoft.Extensions.Diagnostics.HealthChecks;
using RoutingCluster.Gateway.Configuration;

namespace RoutingCluster.Gateway.Health;

/// <summary>Ready while a validated config is in force (a bad reload keeps the last good one, so this stays true once started).</summary>
public sealed class ConfigLoadedCheck(ActiveConfig active) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(active.Current.Credentials.Count > 0
            ? HealthCheckResult.Healthy($"config in force: {active.Current.Credentials.Count} credentials, {active.Current.Roles.Count} roles")
            : HealthCheckResult.Unhealthy("no config in force"));
}
