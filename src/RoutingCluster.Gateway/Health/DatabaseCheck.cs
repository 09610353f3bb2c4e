using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RoutingCluster.Gateway.Health;

/// <summary>
/// Clustered: ready while PostgreSQL answers within <see cref="Timeout"/>. Embedded (no database):
/// always healthy. The reason never carries the connection string or the driver's message.
/// </summary>
public sealed class DatabaseCheck(IServiceProvider services) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        string state;
        try
        {
            state = await DatabaseProbe.StateAsync(services.GetService<NpgsqlDataSource>(), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            state = DatabaseProbe.Unreachable;
        }

        return state == DatabaseProbe.Unreachable
            ? HealthCheckResult.Unhealthy("PostgreSQL does not answer")
            : HealthCheckResult.Healthy(state == DatabaseProbe.None ? "no database (embedded)" : "PostgreSQL answers");
    }
}
