using Npgsql;
using NpgsqlTypes;
using RoutingCluster.Entities;
using RoutingCluster.Storage.Postgres.Sql;

namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>
/// The cluster's shared entity store: one row per entity in <c>rc_entities</c>. A transition runs
/// in one short transaction holding that row's lock, in two round trips: <c>BEGIN</c>, create the
/// row if missing and <c>SELECT ... FOR UPDATE</c> go out as one batch; the pure C# transition runs
/// on the state read; the versioned <c>UPDATE</c> and <c>COMMIT</c> go out as the second batch.
/// Transitions of one entity queue on its row lock, so two nodes can never both spend the last
/// permit, and no attempt is ever wasted: an optimistic compare-and-swap costs the same two round
/// trips when uncontended but re-runs (and re-reads) on every lost race, which on a hot key
/// multiplies the load exactly when it is highest.
/// </summary>
public sealed class PostgresEntityStore(NpgsqlDataSource dataSource, TimeProvider time) : IEntityStore
{
    public async ValueTask<TResult> ApplyAsync<TState, TResult>(
        EntityKey key,
        TransitionFunc<TState, TResult> transition,
        CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var committed = false;
        try
        {
            var current = await LockAsync<TState>(connection, key, cancellationToken);
            var (next, result) = transition(current, time.GetUtcNow());
            await WriteAndCommitAsync(connection, key, next.WithVersion(current.Version + 1), current.Version, cancellationToken);
            committed = true;
            return result;
        }
        finally
        {
            if (!committed && connection.State == System.Data.ConnectionState.Open)
            {
                await RollbackAsync(connection);
            }
        }
    }

    /// <summary>
    /// One round trip when <paramref name="known"/> is still current: the transition runs on it and a
    /// single conditional <c>UPDATE ... WHERE version = known</c> commits it. When another transition
    /// got there first (or the row does not exist yet), the usual locked transaction runs instead.
    /// </summary>
    public async ValueTask<TResult> ApplyAsync<TState, TResult>(
        EntityKey key,
        TState known,
        TransitionFunc<TState, TResult> transition,
        CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (known.Version > 0)
        {
            var (next, result) = transition(known, time.GetUtcNow());
            await using var update = dataSource.CreateCommand(Queries.UpdateLockedEntity);
            update.Parameters.Add(new NpgsqlParameter { Value = known.Version + 1 });
            update.Parameters.Add(new NpgsqlParameter { Value = EntityJson.Serialize(next.WithVersion(known.Version + 1)), NpgsqlDbType = NpgsqlDbType.Jsonb });
            update.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
            update.Parameters.Add(new NpgsqlParameter { Value = key.Kind });
            update.Parameters.Add(new NpgsqlParameter { Value = key.Id });
            update.Parameters.Add(new NpgsqlParameter { Value = known.Version });
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return result;
            }
        }

        return await ApplyAsync(key, transition, cancellationToken);
    }

    public async ValueTask<TState> ReadAsync<TState>(EntityKey key, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        await using var command = dataSource.CreateCommand(Queries.ReadEntity);
        command.Parameters.AddWithValue("kind", key.Kind);
        command.Parameters.AddWithValue("id", key.Id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? EntityJson.Deserialize<TState>(reader.GetString(1)).WithVersion(reader.GetInt64(0))
            : TState.Initial;
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

    /// <summary>Round trip 1: begin, make sure the row exists, lock and read it.</summary>
    private async Task<TState> LockAsync<TState>(NpgsqlConnection connection, EntityKey key, CancellationToken cancellationToken)
        where TState : class, IEntityState<TState>
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(Queries.Begin),
                new NpgsqlBatchCommand(Queries.InsertEntityIfMissing)
                {
                    Parameters =
                    {
                        new() { Value = key.Kind },
                        new() { Value = key.Id },
                        new() { Value = InitialJson<TState>.Value, NpgsqlDbType = NpgsqlDbType.Jsonb },
                        new() { Value = time.GetUtcNow() },
                    },
                },
                new NpgsqlBatchCommand(Queries.LockEntity) { Parameters = { new() { Value = key.Kind }, new() { Value = key.Id } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Entity {key} has no row after it was created.");
        }

        return EntityJson.Deserialize<TState>(reader.GetString(1)).WithVersion(reader.GetInt64(0));
    }

    /// <summary>Round trip 2: write the next state (the version check guards against a bug, not a race) and commit.</summary>
    private async Task WriteAndCommitAsync<TState>(NpgsqlConnection connection, EntityKey key, TState next, long expected, CancellationToken cancellationToken)
        where TState : class, IEntityState<TState>
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(Queries.UpdateLockedEntity)
                {
                    Parameters =
                    {
                        new() { Value = next.Version },
                        new() { Value = EntityJson.Serialize(next), NpgsqlDbType = NpgsqlDbType.Jsonb },
                        new() { Value = time.GetUtcNow() },
                        new() { Value = key.Kind },
                        new() { Value = key.Id },
                        new() { Value = expected },
                    },
                },
                new NpgsqlBatchCommand(Queries.Commit),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (reader.RecordsAffected != 1)
        {
            throw new InvalidOperationException($"Entity {key} changed while its row was locked.");
        }
    }

    private static async Task RollbackAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var rollback = new NpgsqlCommand(Queries.Rollback, connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is broken; the server rolls the transaction back when the session ends.
        }
    }

    /// <summary>The JSON of a never-written entity, serialized once per state type.</summary>
    private static class InitialJson<TState>
        where TState : class, IEntityState<TState>
    {
        public static readonly string Value = EntityJson.Serialize(TState.Initial);
    }
}
