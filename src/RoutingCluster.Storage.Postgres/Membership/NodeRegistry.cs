using Npgsql;
using RoutingCluster.Cluster;
using RoutingCluster.Storage.Postgres.Sql;

namespace RoutingCluster.Storage.Postgres.Membership;

/// <summary>
/// The <c>rc_nodes</c> table: one row per node that ever joined. Every timestamp is passed in by
/// the caller (from its <see cref="TimeProvider"/>), never taken from the server's <c>now()</c>, so a
/// fake clock drives membership in tests exactly as it drives the entities.
/// </summary>
internal sealed class NodeRegistry(NpgsqlDataSource dataSource)
{
    public const string Live = "live";
    public const string Dead = "dead";

    /// <summary>Inserts the node, or brings its row back to life (a restart, or a rejoin after being declared dead).</summary>
    public async Task UpsertAsync(string id, string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Queries.UpsertNode);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("address", address);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>False when the node has no live row any more (it was declared dead or left).</returns>
    public async Task<bool> HeartbeatAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Queries.Heartbeat);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> CountLiveAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Queries.CountLiveNodes);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task MarkLeftAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Queries.MarkLeft);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>Ids of the live nodes whose last beat is older than <paramref name="cutoff"/>, now marked dead.</returns>
    public Task<IReadOnlyList<string>> DeclareDeadAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand(Queries.DeclareDead);
        command.Parameters.AddWithValue("cutoff", cutoff);
        command.Parameters.AddWithValue("now", now);
        return ReadIdsAsync(command, cancellationToken);
    }

    public Task<IReadOnlyList<string>> UnreapedDeadAsync(CancellationToken cancellationToken) =>
        ReadIdsAsync(dataSource.CreateCommand(Queries.UnreapedDeadNodes), cancellationToken);

    public async Task MarkReapedAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Queries.MarkReapedIfDead);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<NodeInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Queries.ListNodes);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var nodes = new List<NodeInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(new NodeInfo(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return nodes;
    }

    private static async Task<IReadOnlyList<string>> ReadIdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var ids = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
    }
}
