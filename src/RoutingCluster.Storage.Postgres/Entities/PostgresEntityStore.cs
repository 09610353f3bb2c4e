using Npgsql;
using NpgsqlTypes;
using RoutingCluster.Entities;
using RoutingCluster.Storage.Postgres.Sql;

namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>
/// The cluster's shared entity store: one row per entity in <c>rc_entities</c>. A transition reads
/// the row, runs the pure C# transition, and writes back only if the version is still the one it
/// read (compare-and-swap, two round trips, no lock held across the network). A lost race re-runs
/// the transition on the fresh state; after a few lost races in a row the transition runs under
/// a row lock instead (<c>SELECT ... FOR UPDATE</c> in a transaction), which always makes progress.
/// Either way two nodes can never both spend the last permit.
/// </summary>
public sealed class PostgresEntityStore(NpgsqlDataSource dataSource, TimeProvider time) : IEntityStore
{
    /// <summary>Optimistic tries before falling back to the row lock.</summary>
    internal const int OptimisticAttempts = 3;

    private long _conflicts;

    /// <summary>Lost compare-and-swap races since start (for metrics and tests).</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    public async ValueTask<TResult> ApplyAsync<TState, TResult>(
        EntityKey key,
        TransitionFunc<TState, TResult> transition,
        CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        for (var attempt = 0; attempt < OptimisticAttempts; attempt++)
        {
            var (found, current) = await ReadRowAsync<TState>(key, null, null, cancellationToken);
            var (next, result) = transition(current, time.GetUtcNow());
            if (await WriteAsync(key, found, current.Version, next, null, null, cancellationToken))
            {
                return result;
            }

            Interlocked.Increment(ref _conflicts);
        }

        return await ApplyLockedAsync(key, transition, cancellationToken);
    }

    public async ValueTask<TState> ReadAsync<TState>(EntityKey key, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        var (_, state) = await ReadRowAsync<TState>(key, null, null, cancellationToken);
        return state;
    }

    /// <summary>Ids of every stored entity of a kind (for the leader's sweeps).</summary>
    public async Task<IReadOnlyList<string>> ListIdsAsync(string kind, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Queries.ListEntityIds);
        command.Parameters.AddWithValue("kind", kind);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async ValueTask<TResult> ApplyLockedAsync<TState, TResult>(EntityKey key, TransitionFunc<TState, TResult> transition, CancellationToken cancellationToken)
        where TState : class, IEntityState<TState>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = Command(connection, transaction, Queries.InsertEntity, key))
        {
            // Make sure a row exists to lock; a no-op when it does.
            insert.Parameters.AddWithValue("version", 0L);
            insert.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Jsonb) { Value = EntityJson.Serialize(TState.Initial) });
            insert.Parameters.AddWithValue("now", time.GetUtcNow());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var (_, current) = await ReadRowAsync<TState>(key, connection, transaction, cancellationToken, forUpdate: true);
        var (next, result) = transition(current, time.GetUtcNow());
        if (!await WriteAsync(key, found: true, current.Version, next, connection, transaction, cancellationToken))
        {
            throw new InvalidOperationException($"Entity {key} changed while its row was locked.");
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<(bool Found, TState State)> ReadRowAsync<TState>(
        EntityKey key, NpgsqlConnection? connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken, bool forUpdate = false)
        where TState : class, IEntityState<TState>
    {
        var sql = forUpdate ? Queries.ReadEntity + " FOR UPDATE" : Queries.ReadEntity;
        await using var command = connection is null ? dataSource.CreateCommand(sql) : Command(connection, transaction, sql, key);
        if (connection is null)
        {
            command.Parameters.AddWithValue("kind", key.Kind);
            command.Parameters.AddWithValue("id", key.Id);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (false, TState.Initial);
        }

        var version = reader.GetInt64(0);
        var state = EntityJson.Deserialize<TState>(reader.GetString(1));
        return (true, state.WithVersion(version));
    }

    private async Task<bool> WriteAsync<TState>(
        EntityKey key, bool found, long expected, TState next, NpgsqlConnection? connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
        where TState : class, IEntityState<TState>
    {
        var stamped = next.WithVersion(expected + 1);
        var sql = found ? Queries.UpdateEntity : Queries.InsertEntity;
        await using var command = connection is null ? dataSource.CreateCommand(sql) : Command(connection, transaction, sql, key);
        if (connection is null)
        {
            command.Parameters.AddWithValue("kind", key.Kind);
            command.Parameters.AddWithValue("id", key.Id);
        }

        command.Parameters.AddWithValue("version", stamped.Version);
        command.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Jsonb) { Value = EntityJson.Serialize(stamped) });
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        if (found)
        {
            command.Parameters.AddWithValue("expected", expected);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, EntityKey key)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("kind", key.Kind);
        command.Parameters.AddWithValue("id", key.Id);
        return command;
    }
}
