using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using RoutingCluster.Storage.Postgres.Sql;

namespace RoutingCluster.Storage.Postgres.Membership;

/// <summary>
/// Leader election on a session-scoped advisory lock (<c>pg_try_advisory_lock</c>) held on ONE
/// dedicated connection. PostgreSQL grants the lock to one session at a time, and frees it when that
/// session ends, so there are never two holders; a node whose session died (or that cannot prove
/// its session is alive) stops calling itself leader at its next tick.
/// <para>
/// Whenever the session's fate is unknown (a failed or cancelled call), the connection is closed
/// physically rather than returned to the pool: a pooled connection keeps its server session, and
/// with it a lock this node no longer believes it holds, until the pool reuses or prunes it.
/// </para>
/// <para>
/// The server also ends the session after <c>sessionIdleTimeout</c> without a query, which frees
/// the lock when the client vanished without closing its socket (host down, network cut); the
/// leader confirms every tick, so a healthy one is never idle that long.
/// </para>
/// </summary>
public sealed class LeaderElection(NpgsqlDataSource dataSource, ILogger logger, TimeSpan? sessionIdleTimeout = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;
    private volatile bool _isLeader;

    /// <summary>True from a successful acquire until a failed confirm, a release, or a drop.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>
    /// When not leader: (re)opens the dedicated connection if needed and tries the lock. When leader:
    /// confirms that the session is alive and still holds the lock. Never throws for database
    /// errors: any failure means "not leader" and the connection is dropped.
    /// </summary>
    /// <returns>Whether this node is the leader now.</returns>
    public async Task<bool> TryAcquireOrConfirmAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = await ConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(_isLeader ? Queries.HoldsLeaderLock : Queries.TryLeaderLock, connection);
            command.Parameters.AddWithValue("key", Queries.LeaderLockKey);
            var leader = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            if (!leader && _isLeader)
            {
                // The session is alive but the lock is gone: do not trust this session any more.
                await DropCoreAsync();
            }

            _isLeader = leader;
            return leader;
        }
        catch (Exception exception)
        {
            // Any failure means leadership is lost. The lock may even have been granted to a call we
            // never heard back from: end the session so the server surely frees it.
            await DropCoreAsync();
            if (exception is OperationCanceledException)
            {
                throw;
            }

            MembershipLog.LeaderSessionFailed(logger, exception);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gives up leadership gracefully: unlocks, then closes the dedicated connection.</summary>
    public async Task ReleaseAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connection is null)
            {
                return;
            }

            try
            {
                await using (var command = new NpgsqlCommand(Queries.ReleaseLeaderLock, _connection))
                {
                    command.Parameters.AddWithValue("key", Queries.LeaderLockKey);
                    await command.ExecuteScalarAsync();
                }

                // Pooled connections are not reset on close (see PostgresDataSources): clear the
                // idle-session timeout set for the leader before this one goes back to the pool.
                await using (var reset = new NpgsqlCommand(Queries.ResetSession, _connection))
                {
                    await reset.ExecuteNonQueryAsync();
                }

                _isLeader = false;
                await _connection.DisposeAsync();
                _connection = null;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                await DropCoreAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends the session without unlocking, as a crash would: the server frees the lock.</summary>
    internal async Task DropAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await DropCoreAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync();

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }

        await DropCoreAsync();
        _connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (sessionIdleTimeout is { } idle && _connection.PostgreSqlVersion.Major >= 14)
        {
            await using var command = new NpgsqlCommand(Queries.SetIdleSessionTimeout, _connection);
            command.Parameters.AddWithValue("value", ((long)idle.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            await command.ExecuteScalarAsync(cancellationToken);
        }

        return _connection;
    }

    private async Task DropCoreAsync()
    {
        _isLeader = false;
        if (_connection is not { } connection)
        {
            return;
        }

        _connection = null;
        try
        {
            // Marks this (busy) connection to be closed physically instead of pooled on dispose; also
            // closes the data source's idle connections, a price paid only when leadership is in doubt.
            dataSource.Clear();
            await connection.DisposeAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException)
        {
            MembershipLog.LeaderSessionFailed(logger, exception);
        }
    }
}
