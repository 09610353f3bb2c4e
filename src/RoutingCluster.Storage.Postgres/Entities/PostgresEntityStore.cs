using Npgsql;
using NpgsqlTypes;
using RoutingCluster.Entities;
using RoutingCluster.Storage.Postgres.Sql;

namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>
/// The cluster's shared entity store: one row per entity in <c>rc_entities</c>.
/// <para>
/// Transitions are batched per node (group commit). Entities are spread over a few partitions;
/// each partition runs at most one transaction at a time, and every transition that arrives
/// meanwhile goes into its next one. A transaction takes two round trips: <c>BEGIN</c> and
/// <c>SELECT ... FOR UPDATE</c> of every entity in the batch (locked in key order, so two nodes'
/// batches never deadlock), then the pure C# transitions run in arrival order on the states read,
/// then one <c>UPDATE</c> of every row and <c>COMMIT</c>. Transitions of one entity are thus
/// serialized by its row lock across nodes and by arrival order within a node, exactly as if each
/// ran alone; under load a hot entity costs two round trips per batch instead of per request, and
/// the node holds at most one connection per partition for transitions whatever the request rate.
/// </para>
/// <para>
/// Reads for ranking are batched the same way: reads issued at about the same time share one query.
/// </para>
/// </summary>
public sealed class PostgresEntityStore : IEntityStore
{
    /// <summary>Partitions of the entity key space, each with one transaction in flight at most.</summary>
    private const int Partitions = 4;

    /// <summary>Transitions per transaction at most (bounds how long a batch holds its row locks).</summary>
    private const int MaxBatch = 256;

    /// <summary>Concurrent single-statement updates from a known state (the light-load path) at most.</summary>
    private const int MaxDirectUpdates = 2;

    private const string DeadlockDetected = "40P01";
    private const string SerializationFailure = "40001";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly CoalescingQueue<PendingTransition>[] _transitions;
    private readonly CoalescingQueue<PendingRead> _reads;
    private readonly SeenStates _seen;
    private int _directUpdates;
    private long _transactions;
    private long _transitionsBatched;

    public PostgresEntityStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
        _transitions = new CoalescingQueue<PendingTransition>[Partitions];
        for (var i = 0; i < Partitions; i++)
        {
            _transitions[i] = new CoalescingQueue<PendingTransition>(FlushTransitionsAsync, maxInFlight: 1, MaxBatch);
        }

        _reads = new CoalescingQueue<PendingRead>(FlushReadsAsync, maxInFlight: 2, MaxBatch);
        _seen = new SeenStates(time);
    }

    /// <summary>Transactions committed by the batches so far (the direct single-update path not counted).</summary>
    public long TransactionsCommitted => Interlocked.Read(ref _transactions);

    /// <summary>Transitions those transactions carried: divided by <see cref="TransactionsCommitted"/>, the batching factor.</summary>
    public long TransitionsBatched => Interlocked.Read(ref _transitionsBatched);

    /// <summary>
    /// Runs <paramref name="transition"/> atomically. When this node saw the entity's row a moment
    /// ago (its last commit or read) and the partition is idle, the direct one-round-trip path is
    /// tried first (see the overload taking a known state); otherwise the transition joins a batch.
    /// </summary>
    /// <remarks>Once queued, a transition is applied even if <paramref name="cancellationToken"/>
    /// fires meanwhile, and the caller waits for its outcome: an acquire must never take a lease
    /// nobody knows about.</remarks>
    public ValueTask<TResult> ApplyAsync<TState, TResult>(
        EntityKey key,
        TransitionFunc<TState, TResult> transition,
        CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _seen.Recent<TState>(key) is { } known
            ? ApplyAsync(key, known, transition, cancellationToken)
            : EnqueueAsync(key, transition);
    }

    /// <summary>
    /// Under light load (the entity's partition idle), one round trip: the transition runs on the
    /// newer of <paramref name="known"/> and the state this node last saw, and a single conditional
    /// <c>UPDATE ... WHERE version = known</c> commits it. When another transition got there first
    /// (then this entity skips the direct path for a while: other nodes are writing it), or the
    /// partition is busy (its batch is cheaper than a lost race), the transition joins the batch.
    /// </summary>
    public async ValueTask<TResult> ApplyAsync<TState, TResult>(
        EntityKey key,
        TState known,
        TransitionFunc<TState, TResult> transition,
        CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_seen.Recent<TState>(key) is { } seen && seen.Version > known.Version)
        {
            known = seen;
        }

        if (known.Version > 0 && PartitionOf(key).IsIdle && _seen.DirectPathOpen(key) && TryEnterDirectUpdate())
        {
            try
            {
                var (next, result) = transition(known, _time.GetUtcNow());
                next = next.WithVersion(known.Version + 1);
                if (await TryUpdateKnownAsync(key, next, known.Version))
                {
                    _seen.Remember(key, next, next.Version);
                    return result;
                }

                _seen.DirectPathMissed(key);
            }
            finally
            {
                Interlocked.Decrement(ref _directUpdates);
            }
        }

        return await EnqueueAsync(key, transition);
    }

    private ValueTask<TResult> EnqueueAsync<TState, TResult>(EntityKey key, TransitionFunc<TState, TResult> transition)
        where TState : class, IEntityState<TState>
    {
        var pending = new PendingTransition<TState, TResult>(key, transition);
        PartitionOf(key).Enqueue(pending);
        return new ValueTask<TResult>(pending.Task);
    }

    public ValueTask<TState> ReadAsync<TState>(EntityKey key, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingRead<TState>(key);
        _reads.Enqueue(pending);
        return new ValueTask<TState>(pending.Task.WaitAsync(cancellationToken));
    }

    /// <summary>Every key in one query (unless the read queue is already busy: then in its next batches).</summary>
    public async ValueTask<(TFirst[] First, TSecond[] Second)> ReadManyAsync<TFirst, TSecond>(
        IReadOnlyList<EntityKey> first, IReadOnlyList<EntityKey> second, CancellationToken cancellationToken = default)
        where TFirst : class, IEntityState<TFirst>
        where TSecond : class, IEntityState<TSecond>
    {
        cancellationToken.ThrowIfCancellationRequested();
        var firstReads = first.Select(key => new PendingRead<TFirst>(key)).ToArray();
        var secondReads = second.Select(key => new PendingRead<TSecond>(key)).ToArray();
        _reads.EnqueueRange([.. firstReads, .. secondReads]);
        var firstStates = new TFirst[firstReads.Length];
        for (var i = 0; i < firstReads.Length; i++)
        {
            firstStates[i] = await firstReads[i].Task.WaitAsync(cancellationToken);
        }

        var secondStates = new TSecond[secondReads.Length];
        for (var i = 0; i < secondReads.Length; i++)
        {
            secondStates[i] = await secondReads[i].Task.WaitAsync(cancellationToken);
        }

        return (firstStates, secondStates);
    }

    /// <summary>Ids of every stored entity of a kind (for the leader's sweeps).</summary>
    public async Task<IReadOnlyList<string>> ListIdsAsync(string kind, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(Queries.ListEntityIds);
        command.Parameters.AddWithValue("kind", kind);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private CoalescingQueue<PendingTransition> PartitionOf(EntityKey key) =>
        _transitions[(int)((uint)key.GetHashCode() % Partitions)];

    private bool TryEnterDirectUpdate()
    {
        if (Interlocked.Increment(ref _directUpdates) <= MaxDirectUpdates)
        {
            return true;
        }

        Interlocked.Decrement(ref _directUpdates);
        return false;
    }

    /// <remarks>Not cancellable: once sent, the caller must learn whether it was applied.</remarks>
    private async Task<bool> TryUpdateKnownAsync<TState>(EntityKey key, TState next, long expected)
        where TState : class, IEntityState<TState>
    {
        await using var update = _dataSource.CreateCommand(Queries.UpdateLockedEntity);
        update.Parameters.Add(new NpgsqlParameter { Value = next.Version });
        update.Parameters.Add(new NpgsqlParameter { Value = EntityJson.Serialize(next), NpgsqlDbType = NpgsqlDbType.Jsonb });
        update.Parameters.Add(new NpgsqlParameter { Value = _time.GetUtcNow() });
        update.Parameters.Add(new NpgsqlParameter { Value = key.Kind });
        update.Parameters.Add(new NpgsqlParameter { Value = key.Id });
        update.Parameters.Add(new NpgsqlParameter { Value = expected });
        return await update.ExecuteNonQueryAsync(CancellationToken.None) == 1;
    }

    private async Task FlushTransitionsAsync(List<PendingTransition> batch)
    {
        var keys = EntityBatch.KeysOf(batch);
        await using var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None);
        List<EntityBatch.Write> writes;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                writes = await RunBatchAsync(connection, batch, keys);
                break;
            }
            catch (PostgresException ex) when (ex.SqlState is DeadlockDetected or SerializationFailure && attempt < 3)
            {
                await RollbackAsync(connection);
            }
            catch
            {
                await RollbackAsync(connection);
                throw;
            }
        }

        Interlocked.Increment(ref _transactions);
        foreach (var write in writes)
        {
            _seen.Remember(write.Key, write.State, write.Version);
        }


        Interlocked.Add(ref _transitionsBatched, batch.Count);
        foreach (var pending in batch)
        {
            pending.Complete();
        }
    }

    /// <summary>One transaction: lock and read every row, run the transitions, write every row, commit.</summary>
    private async Task<List<EntityBatch.Write>> RunBatchAsync(NpgsqlConnection connection, List<PendingTransition> batch, EntityBatch.Keys keys)
    {
        var rows = new Dictionary<EntityKey, EntityBatch.Row>(keys.Count);
        await EntityBatch.LockAsync(connection, keys, begin: true, rows);
        if (rows.Count < keys.Count)
        {
            // First use of an entity: create its row, then lock it too (rare, so not batched with the above).
            var missing = keys.Without(rows);
            await EntityBatch.InsertAndLockAsync(connection, missing, batch, _time.GetUtcNow(), rows);
        }

        var now = _time.GetUtcNow();
        var states = new Dictionary<EntityKey, object>(keys.Count);
        foreach (var pending in batch)
        {
            if (!states.TryGetValue(pending.Key, out var state))
            {
                var row = rows[pending.Key];
                state = pending.Decode(row.Json, row.Version);
            }

            states[pending.Key] = pending.Apply(state, now);
        }

        // Each transition stamps previous + 1, as if it ran alone; an entity whose transitions all threw is not written.
        var writes = new List<EntityBatch.Write>(keys.Count);
        foreach (var pending in batch)
        {
            if (states.Remove(pending.Key, out var state) && pending.VersionOf(state) is var version && version != rows[pending.Key].Version)
            {
                writes.Add(new EntityBatch.Write(pending.Key, version, pending.Encode(state), rows[pending.Key].Version, state));
            }
        }

        await EntityBatch.WriteAndCommitAsync(connection, writes, now);
        return writes;
    }

    private async Task FlushReadsAsync(List<PendingRead> batch)
    {
        var keys = EntityBatch.KeysOf(batch);
        var rows = await EntityBatch.ReadAsync(_dataSource, keys);
        foreach (var pending in batch)
        {
            var found = rows.TryGetValue(pending.Key, out var row);
            if (pending.Complete(found ? row.Json : null, found ? row.Version : 0) is { } state && found)
            {
                _seen.Remember(pending.Key, state, row.Version);
            }
        }
    }

    private static async Task RollbackAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

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
    internal static class InitialJson<TState>
        where TState : class, IEntityState<TState>
    {
        public static readonly string Value = EntityJson.Serialize(TState.Initial);
    }
}
