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

    private ClusterConfig(PostgresTestDatabase database, int? port)
    {
        _database = database;
        // A small pool per node keeps several in-process nodes well under the server's connection limit.
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 40 };
        if (port is { } viaPort)
        {
            builder.Port = viaPort;
        }

        var connection = builder.ConnectionString;
        _connection = TestEnvironment.SetSecret(connection);
    }

    public string ConnectionString => _connection.Value;

    /// <param name="port">Where nodes reach the server, e.g. a <see cref="LoopbackTcpProxy"/> in front of it.</param>
    public static async Task<ClusterConfig> CreateAsync(int? port = null) => new(await PostgresTestDatabase.CreateAsync(), port);

    /// <summary>The port of the test PostgreSQL server itself.</summary>
    public static int ServerPort =>
        new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresTestDatabase.AdminVariable)).Port;

    /// <summary>The <c>store</c> and <c>cluster</c> sections for a node config.</summary>
    /// <remarks>Every node takes a free loopback port for its silo and advertises 127.0.0.1.</remarks>
    /// <param name="cluster">More fields of the <c>cluster</c> section, e.g. <c>grainCallTimeout: 1s</c>.</param>
    public string StoreYaml(string cluster = "") =>
        $$"""
        store: { kind: postgres, connectionString: "{{_connection.Reference}}" }
        cluster: { siloPort: 0, advertisedAddress: 127.0.0.1{{(cluster.Length > 0 ? ", " + cluster : "")}} }
        """;

    public async ValueTask DisposeAsync()
    {
        _connection.Dispose();
        await _database.DisposeAsync();
    }
}
