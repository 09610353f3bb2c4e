using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;
using RoutingCluster.Cluster;
using RoutingCluster.Entities;
using RoutingCluster.Storage.Postgres.Entities;
using RoutingCluster.Storage.Postgres.Schema;

namespace RoutingCluster.Storage.Postgres.Degraded;

/// <summary>
/// The entity store of a cluster node: the shared <see cref="PostgresEntityStore"/> while the
/// database answers; when it does not, the node keeps serving from a local in-memory store
/// (degraded) and tries the database again every <c>degradedRetryInterval</c>. While degraded,
/// <see cref="LimitDivisor"/> tells the router to divide every limit by the number of live nodes
/// last seen, so the nodes together stay within each key's limits without talking. When the
/// database is back, the usage recorded locally is folded into the shared entities (windows
/// added, later cooldowns and disabled keys kept) before shared decisions resume.
/// </summary>
public sealed class DegradableEntityStore : IEntityStore, IStoreStatus
{
    private readonly PostgresEntityStore _shared;
    private readonly NpgsqlDataSource _dataSource;
    private readonly IClusterView _cluster;
    private readonly TimeSpan _retryInterval;
    private readonly TimeProvider _time;
    private readonly ILogger<DegradableEntityStore> _logger;
    private readonly MemoryEntityStore _local;
    private readonly ConcurrentDictionary<EntityKey, byte> _touchedLocally = new();
    private readonly SemaphoreSlim _recovery = new(1, 1);
    private volatile bool _degraded;
    private volatile bool _schemaReady;
    private long _retryAtTicks;
    private int _divisor = 1;

    public DegradableEntityStore(PostgresEntityStore shared, NpgsqlDataSource dataSource, IClusterView cluster, TimeSpan retryInterval, TimeProvider time, ILogger<DegradableEntityStore> logger)
    {
        _shared = shared;
        _dataSource = dataSource;
        _cluster = cluster;
        _retryInterval = retryInterval;
        _time = time;
        _logger = logger;
        _local = new MemoryEntityStore(time);
    }

    public bool IsDegraded => _degraded;

    public int LimitDivisor => _degraded ? Volatile.Read(ref _divisor) : 1;

    /// <summary>Applies the schema migrations; a failure leaves the node degraded, retried later.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            EnterDegraded(ex);
        }
    }

    public async ValueTask<TResult> ApplyAsync<TState, TResult>(EntityKey key, TransitionFunc<TState, TResult> transition, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        if (await SharedAvailableAsync(cancellationToken))
        {
            try
            {
                return await _shared.ApplyAsync(key, transition, cancellationToken);
            }
            catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
            {
                EnterDegraded(ex);
            }
        }

        _touchedLocally.TryAdd(key, 0);
        return await _local.ApplyAsync(key, transition, cancellationToken);
    }

    public async ValueTask<TResult> ApplyAsync<TState, TResult>(EntityKey key, TState known, TransitionFunc<TState, TResult> transition, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        if (await SharedAvailableAsync(cancellationToken))
        {
            try
            {
                return await _shared.ApplyAsync(key, known, transition, cancellationToken);
            }
            catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
            {
                EnterDegraded(ex);
            }
        }

        // A state read from the shared store says nothing about the local one.
        _touchedLocally.TryAdd(key, 0);
        return await _local.ApplyAsync(key, transition, cancellationToken);
    }

    public async ValueTask<TState> ReadAsync<TState>(EntityKey key, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        if (await SharedAvailableAsync(cancellationToken))
        {
            try
            {
                return await _shared.ReadAsync<TState>(key, cancellationToken);
            }
            catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
            {
                EnterDegraded(ex);
            }
        }

        return await _local.ReadAsync<TState>(key, cancellationToken);
    }

    public async ValueTask<(TFirst[] First, TSecond[] Second)> ReadManyAsync<TFirst, TSecond>(
        IReadOnlyList<EntityKey> first, IReadOnlyList<EntityKey> second, CancellationToken cancellationToken = default)
        where TFirst : class, IEntityState<TFirst>
        where TSecond : class, IEntityState<TSecond>
    {
        if (await SharedAvailableAsync(cancellationToken))
        {
            try
            {
                return await _shared.ReadManyAsync<TFirst, TSecond>(first, second, cancellationToken);
            }
            catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
            {
                EnterDegraded(ex);
            }
        }

        return await ((IEntityStore)_local).ReadManyAsync<TFirst, TSecond>(first, second, cancellationToken);
    }

    /// <summary>True when the shared store should be used: healthy, or due for a retry that succeeded.</summary>
    private async ValueTask<bool> SharedAvailableAsync(CancellationToken cancellationToken)
    {
        if (!_degraded)
        {
            return true;
        }

        if (_time.GetUtcNow().UtcTicks < Interlocked.Read(ref _retryAtTicks) || !await _recovery.WaitAsync(0, cancellationToken))
        {
            return false;
        }

        try
        {
            if (!_degraded)
            {
                return true;
            }

            await EnsureSchemaAsync(cancellationToken);
            await ReconcileAsync(cancellationToken);
            _degraded = false;
            Log.Recovered(_logger);
            return true;
        }
        catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
        {
            EnterDegraded(ex);
            return false;
        }
        finally
        {
            _recovery.Release();
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await MigrationRunner.ApplyAsync(_dataSource, cancellationToken);
            _schemaReady = true;
        }
    }

    /// <summary>Folds local credential usage into the shared entities, then forgets it.</summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        foreach (var key in _touchedLocally.Keys.Where(k => k.Kind == EntityKey.CredentialKind).ToList())
        {
            var local = await _local.ReadAsync<CredentialState>(key, cancellationToken);
            await _shared.ApplyAsync<CredentialState, bool>(key, (state, now) => CredentialTransitions.Absorb(state, local, now), cancellationToken);
            _touchedLocally.TryRemove(key, out _);
        }

        _touchedLocally.Clear();
        _local.Clear();
    }

    private void EnterDegraded(Exception exception)
    {
        // Idle pooled connections are most likely broken too; drop them so the retry opens fresh ones.
        _dataSource.Clear();
        Volatile.Write(ref _divisor, Math.Max(1, _cluster.LiveNodeCount));
        Interlocked.Exchange(ref _retryAtTicks, (_time.GetUtcNow() + _retryInterval).UtcTicks);
        if (!_degraded)
        {
            _degraded = true;
            Log.Degraded(_logger, LimitDivisor, exception.GetType().Name, exception.Message);
        }
    }

    private static bool IsUnreachable(Exception exception) =>
        exception is NpgsqlException or SocketException or TimeoutException or IOException
        || exception.InnerException is NpgsqlException or SocketException or TimeoutException;
}
