using System.Diagnostics;
using Npgsql;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Cumulative statistics of a cluster target's database, read before and after a phase: committed
/// transactions of the whole database (every statement the gateway runs outside an explicit
/// transaction commits one; an explicit transaction commits one however many statements it holds)
/// and the row counters of <c>rc_orleans_grain_state</c> (grain checkpoints). PostgreSQL publishes a session's counters when the
/// session ends, when it goes idle at least 1 s after its last report, or after 10 s idle
/// (<see cref="FlushInterval"/>): the gateway nodes run as other processes, so the harness cannot
/// close their sessions; it waits for the idle report before the phase, and kills the nodes (ending
/// their sessions, <see cref="WaitForSessionsToEndAsync"/>) after it.
/// </summary>
public sealed class PostgresCounters(string connectionString) : IAsyncDisposable
{
    /// <summary>PostgreSQL's idle report interval (PGSTAT_IDLE_INTERVAL, 10 s), plus a margin.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(11);

    private static readonly TimeSpan SessionsCap = TimeSpan.FromSeconds(15);

    private const string Query = """
        SELECT d.xact_commit, d.xact_rollback,
               coalesce(t.seq_scan, 0), coalesce(t.idx_scan, 0), t.n_tup_ins, t.n_tup_upd, t.n_tup_hot_upd
        FROM pg_stat_database d
        LEFT JOIN pg_stat_user_tables t ON t.relname = 'rc_orleans_grain_state'
        WHERE d.datname = current_database()
        """;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <summary>The counters as published now; a fresh snapshot on every call (this session's own is cleared first).</summary>
    public async Task<DbCounters> ReadAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(Query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("pg_stat_database has no row for the benchmark database.");
        }

        return new DbCounters(
            Stopwatch.GetTimestamp(),
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetInt64(3),
            reader.GetInt64(4),
            reader.GetInt64(5),
            reader.GetInt64(6));
    }

    /// <summary>Waits (bounded) until no other session is connected to the database: the gateway's sessions have ended and published their counters.</summary>
    public async Task<bool> WaitForSessionsToEndAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(SessionsCap.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await using var command = _dataSource.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>Statements running right now in the benchmark database, this reader's own excluded.</summary>
    public async Task<long> ActiveStatementsAsync()
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<string> ServerVersionAsync()
    {
        await using var command = _dataSource.CreateCommand("SHOW server_version");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

/// <summary>One reading of <see cref="PostgresCounters"/>; <paramref name="At"/> is a <see cref="Stopwatch"/> timestamp.</summary>
public sealed record DbCounters(long At, long Commits, long Rollbacks, long SeqScans, long IndexScans, long Inserts, long Updates, long HotUpdates);

/// <summary>
/// Database work of the cluster gateway during one phase. The background (heartbeats, leader
/// checks, the harness's health polls and its own reads) is measured as a rate over an idle window
/// just before the phase, on the same nodes, and subtracted from the phase window.
/// </summary>
public sealed record DbWork(DbCounters IdleStart, DbCounters IdleEnd, DbCounters PhaseStart, DbCounters PhaseEnd, int Requests)
{
    public double BackgroundPerSecond(Func<DbCounters, long> counter) =>
        (counter(IdleEnd) - counter(IdleStart)) / Seconds(IdleStart, IdleEnd);

    public double PerRequest(Func<DbCounters, long> counter)
    {
        var background = BackgroundPerSecond(counter) * Seconds(PhaseStart, PhaseEnd);
        return Requests == 0 ? double.NaN : (counter(PhaseEnd) - counter(PhaseStart) - background) / Requests;
    }

    private static double Seconds(DbCounters from, DbCounters to) => Stopwatch.GetElapsedTime(from.At, to.At).TotalSeconds;
}
