using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RoutingCluster.Ledger;
using RoutingCluster.Storage.Postgres.Sql;

namespace RoutingCluster.Storage.Postgres.Ledger;

/// <summary>
/// The cluster ledger in table <c>rc_requests</c>. <see cref="Append"/> only enqueues; a background
/// loop writes batches every <see cref="PostgresLedgerOptions.FlushEvery"/> (sooner when a batch is
/// full). While the database is down records stay buffered up to the capacity, oldest dropped first
/// and counted in <see cref="Dropped"/>. Readers see buffered records too (merged, newest first), so
/// a request is visible on the node that answered it at once, and on other nodes within a flush.
/// Writes are idempotent by id, so a batch retried after an ambiguous failure is not duplicated.
/// </summary>
public sealed class PostgresLedger : BackgroundService, ILedger, ILedgerBacklog, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresLedger> _logger;
    private readonly PostgresLedgerOptions _options;
    private readonly LedgerBuffer _buffer;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public PostgresLedger(NpgsqlDataSource dataSource, TimeProvider time, ILogger<PostgresLedger> logger, PostgresLedgerOptions? options = null)
    {
        _dataSource = dataSource;
        _time = time;
        _logger = logger;
        _options = options ?? new PostgresLedgerOptions();
        _buffer = new LedgerBuffer(_options.Capacity);
    }

    /// <summary>Records dropped because the buffer was full (the database slow or down).</summary>
    public long Dropped => _buffer.Dropped;

    /// <summary>Records buffered and not yet written.</summary>
    public int Pending => _buffer.Count;

    public void Append(LedgerRecord record)
    {
        if (_buffer.Add(record) >= _options.BatchSize)
        {
            _wake.Writer.TryWrite(true);
        }
    }

    /// <summary>Writes everything buffered now, in batches.</summary>
    /// <returns>True when the buffer was emptied; false when a write failed (the records stay buffered).</returns>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var batch = _buffer.Take(_options.BatchSize);
                if (batch.Count == 0)
                {
                    _buffer.Complete();
                    return true;
                }

                try
                {
                    await InsertAsync(batch, cancellationToken);
                    _buffer.Complete();
                }
                catch (OperationCanceledException)
                {
                    _buffer.Return();
                    throw;
                }
                catch (Exception ex) when (ex is DbException or TimeoutException or IOException or SocketException)
                {
                    _buffer.Return();
                    Log.WriteFailed(_logger, _buffer.Count, _buffer.Dropped, ex.GetType().Name, ex.Message);
                    return false;
                }
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    public async Task<IReadOnlyList<LedgerRecord>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        // Snapshot the buffer before reading the table: a record written in between is in both, never in neither.
        var buffered = _buffer.NewestFirst().Where(r => LedgerFilter.Matches(r, query)).Take(query.Limit).ToList();
        if (query.Limit <= 0 || (query.Status is { } status && !TryStatusRange(status, out _, out _)))
        {
            return [];
        }

        var (min, max) = query.Status is { } wanted && TryStatusRange(wanted, out var low, out var high) ? (low, high) : ((int?)null, (int?)null);
        var stored = new List<LedgerRecord>();
        await using (var command = _dataSource.CreateCommand(Queries.QueryLedgerRecords))
        {
            command.Parameters.AddWithValue("role", (object?)query.Role ?? DBNull.Value);
            command.Parameters.AddWithValue("status_min", (object?)min ?? DBNull.Value);
            command.Parameters.AddWithValue("status_max", (object?)max ?? DBNull.Value);
            command.Parameters.AddWithValue("since", query.Since is { } since ? since.ToUniversalTime() : DBNull.Value);
            command.Parameters.AddWithValue("tenant", (object?)query.Tenant ?? DBNull.Value);
            command.Parameters.AddWithValue("limit", query.Limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored.Add(LedgerJson.Deserialize(reader.GetString(0)));
            }
        }

        var ids = buffered.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return [.. buffered.Concat(stored.Where(r => !ids.Contains(r.Id))).OrderByDescending(r => r.Time).Take(query.Limit)];
    }

    public async Task<LedgerRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (_buffer.NewestFirst().Find(r => r.Id == id) is { } buffered)
        {
            return buffered;
        }

        await using var command = _dataSource.CreateCommand(Queries.GetLedgerRecord);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? LedgerJson.Deserialize(json) : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await WaitForWorkAsync(_options.FlushEvery, stoppingToken);
                if (!await FlushAsync(stoppingToken))
                {
                    // Down: wait out the retry interval, ignoring "batch full" wake-ups meanwhile.
                    await Task.Delay(_options.RetryEvery, _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync flushes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var bound = new CancellationTokenSource(_options.StopWithin, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        try
        {
            await FlushAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            // Out of time; reported below.
        }

        if (_buffer.Count > 0)
        {
            Log.LostOnStop(_logger, _buffer.Count);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _writing.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary><c>5xx</c> is [500, 600); <c>429</c> is [429, 430); anything else matches nothing.</summary>
    internal static bool TryStatusRange(string status, out int min, out int max)
    {
        if (status.Length == 3 && status[0] is >= '1' and <= '5' && status.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
        {
            min = (status[0] - '0') * 100;
            max = min + 100;
            return true;
        }

        if (int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var exact))
        {
            (min, max) = (exact, exact + 1);
            return true;
        }

        (min, max) = (0, 0);
        return false;
    }

    private async Task WaitForWorkAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var tick = Task.Delay(interval, _time, timer.Token);
        var wake = _wake.Reader.WaitToReadAsync(timer.Token).AsTask();
        // The loser is cancelled below; a cancelled task left unobserved is harmless.
        await Task.WhenAny(tick, wake);
        await timer.CancelAsync();
        _wake.Reader.TryRead(out _);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private async Task InsertAsync(IReadOnlyList<LedgerRecord> batch, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(Queries.InsertLedgerRecords);
        command.Parameters.AddWithValue("ids", batch.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue("times", batch.Select(r => r.Time.ToUniversalTime()).ToArray());
        command.Parameters.AddWithValue("nodes", batch.Select(r => r.Node).ToArray());
        command.Parameters.AddWithValue("tenants", batch.Select(r => r.Tenant).ToArray());
        command.Parameters.AddWithValue("front_doors", batch.Select(r => r.FrontDoor).ToArray());
        command.Parameters.AddWithValue("requested_models", batch.Select(r => r.RequestedModel).ToArray());
        command.Parameters.AddWithValue("roles", batch.Select(r => r.Role).ToArray());
        command.Parameters.AddWithValue("statuses", batch.Select(r => r.Status).ToArray());
        command.Parameters.AddWithValue("outcomes", batch.Select(r => r.Outcome).ToArray());
        command.Parameters.AddWithValue("models", batch.Select(r => r.Model).ToArray());
        command.Parameters.AddWithValue("credentials", batch.Select(r => r.Credential).ToArray());
        command.Parameters.AddWithValue("records", batch.Select(LedgerJson.Serialize).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
