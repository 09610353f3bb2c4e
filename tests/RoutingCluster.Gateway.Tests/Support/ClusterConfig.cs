using Npgsql;
using RoutingCluster.Testing;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL database and the YAML that points gateway nodes at it (cluster mode),
/// around an <see cref="UpstreamConfig"/>.
/// </summary>
public sealed class ClusterConfig : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;
    private readonly TestSecret _connection;

    private ClusterConfig(PostgresTestDatabase database)
    {
        _database = database;
        // A small pool per node keeps several in-process nodes well under the server's connection limit.
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 40 }.ConnectionString;
        _connection = TestEnvironment.SetSecret(connection);
    }

    public string ConnectionString => _connection.Value;

    public static async Task<ClusterConfig> CreateAsync() => new(await PostgresTestDatabase.CreateAsync());

    /// <summary>The <c>store</c> and <c>cluster</c> sections for a node config.</summary>
    public string StoreYaml(string heartbeat = "1s", int deadAfterMissedBeats = 3) =>
        $$"""
        store: { kind: postgres, connectionString: "{{_connection.Reference}}" }
        cluster: { heartbeatInterval: {{heartbeat}}, deadAfterMissedBeats: {{deadAfterMissedBeats}} }
        """;

    public async ValueTask DisposeAsync()
    {
        _connection.Dispose();
        await _database.DisposeAsync();
    }
}
