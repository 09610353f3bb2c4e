using System.Data.Common;
using Npgsql;

namespace RoutingCluster.Gateway.Health;

/// <summary>Whether PostgreSQL answers a trivial query (within its command timeout), for <c>/admin/cluster</c> and <c>/health/ready</c>.</summary>
public static class DatabaseProbe
{
    public const string Reachable = "reachable";
    public const string Unreachable = "unreachable";

    /// <summary>No database configured (the embedded default).</summary>
    public const string None = "none";

    public static async Task<string> StateAsync(NpgsqlDataSource? dataSource, CancellationToken cancellationToken)
    {
        if (dataSource is null)
        {
            return None;
        }

        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return Reachable;
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
        {
            return Unreachable;
        }
    }
}
