using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RoutingCluster.AppHost;

/// <summary>Healthy once the server answers <c>SELECT 1</c>: a started process is not yet a server that accepts
/// connections (initdb runs first, then recovery), and the gateways must not start before that.</summary>
public sealed class PostgresHealthCheck(ReferenceExpression connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var value = await connectionString.GetValueAsync(cancellationToken);
            var settings = new NpgsqlConnectionStringBuilder(value) { Pooling = false, Timeout = 3 };
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer yet: {e.Message}");
        }
    }
}
