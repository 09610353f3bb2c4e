using Npgsql;

namespace RoutingCluster.Storage.Postgres;

/// <summary>Builds the node's one <see cref="NpgsqlDataSource"/>.</summary>
public static class PostgresDataSources
{
    /// <summary>
    /// The data source for entity state and membership. Commits are asynchronous
    /// (<c>synchronous_commit = off</c>): a transition is acknowledged before its WAL is flushed,
    /// saving a disk flush per request. The risk: if the PostgreSQL server itself crashes, the last
    /// few hundred milliseconds of transitions are lost (window counters may under-count, a lease may
    /// reappear until it expires). Never inconsistent, never torn; a node crash loses nothing.
    /// Connect and command timeouts are short so an unreachable database turns into degraded mode
    /// quickly instead of stalling requests.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.Options = string.IsNullOrEmpty(settings.Options) ? "-c synchronous_commit=off" : settings.Options + " -c synchronous_commit=off";
        settings.ApplicationName ??= "routing-cluster";

        // The gateway keeps no session state on pooled connections (the leader's lock lives on a
        // connection of its own), so a connection going back to the pool needs no DISCARD ALL.
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
