using Npgsql;

namespace RoutingCluster.Storage.Postgres;

/// <summary>Builds the node's one <see cref="NpgsqlDataSource"/>.</summary>
public static class PostgresDataSources
{
    /// <summary>
    /// The data source of the ledger (grain state and membership go through Orleans' own ADO.NET
    /// providers). Connect and command timeouts are short so an unreachable database makes the
    /// ledger writer retry quickly instead of holding connections.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.ApplicationName ??= "routing-cluster";

        // The gateway keeps no session state on pooled connections, so a connection going back to
        // the pool needs no DISCARD ALL.
        settings.NoResetOnClose = true;
        if (settings.Timeout == 15)
        {
            settings.Timeout = 3;
        }

        if (settings.CommandTimeout == 30)
        {
            settings.CommandTimeout = 5;
        }

        return builder.Build();
    }
}
