using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RoutingCluster.Ledger;
using RoutingCluster.Storage.Postgres.Ledger;
using RoutingCluster.Storage.Postgres.Schema;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Storage.Postgres.Tests.Ledger;

/// <summary>The PostgreSQL ledger: batched writes, reads with filters, flush on stop, outages and overflow.</summary>
public sealed class PostgresLedgerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private PostgresTestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _dataSource = _database.CreateDataSource();
        await MigrationRunner.ApplyAsync(_dataSource);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task FlushAsync_ManyRecords_WritesBatchesAndQueriesNewestFirst()
    {
        await using var ledger = NewLedger(_dataSource, new PostgresLedgerOptions(BatchSize: 7));
        for (var i = 0; i < 20; i++)
        {
            ledger.Append(Record($"r{i:D2}", _time.GetUtcNow().AddSeconds(i), role: i % 2 == 0 ? "plan" : "code", status: i % 5 == 0 ? 503 : 200));
        }

        Assert.True(await ledger.FlushAsync());

        Assert.Equal(0, ledger.Pending);
        Assert.Equal(20L, await CountRowsAsync());
        var newest = await ledger.QueryAsync(new LedgerQuery(Limit: 3));
        Assert.Equal(["r19", "r18", "r17"], newest.Select(r => r.Id));
        var plan = await ledger.QueryAsync(new LedgerQuery(Limit: 100, Role: "plan"));
        Assert.Equal(10, plan.Count);
        Assert.All(plan, r => Assert.Equal("plan", r.Role));
        var failed = await ledger.QueryAsync(new LedgerQuery(Limit: 100, Status: "5xx"));
        Assert.Equal(["r15", "r10", "r05", "r00"], failed.Select(r => r.Id));
        Assert.Equal(16, (await ledger.QueryAsync(new LedgerQuery(Limit: 100, Status: "200"))).Count);
        Assert.Empty(await ledger.QueryAsync(new LedgerQuery(Limit: 100, Status: "nonsense")));
        var recent = await ledger.QueryAsync(new LedgerQuery(Limit: 100, Since: _time.GetUtcNow().AddSeconds(15)));
        Assert.Equal(["r19", "r18", "r17", "r16", "r15"], recent.Select(r => r.Id));
    }

    [Fact]
    public async Task GetAsync_WrittenRecord_RoundTripsEveryField()
    {
        await using var ledger = NewLedger(_dataSource);
        var record = Record("full", _time.GetUtcNow()) with
        {
            Skipped = [new LedgerSkip("m1", "key-a", "CoolingDown", "cooling down until 00:00:30", _time.GetUtcNow().AddSeconds(30))],
            Attempts =
            [
                new LedgerAttempt("m1", "up-1", "up", "key-a", 429, "RateLimited", 12.5, null, "upstream answered 429"),
                new LedgerAttempt("m1", "up-1", "up", "key-b", 200, "Success", 40, 20, null),
            ],
            CostUsd = 0.000123m,
        };
        ledger.Append(record);
        await ledger.FlushAsync();

        var read = await ledger.GetAsync("full");

        Assert.NotNull(read);
        Assert.Equal(record.Skipped, read.Skipped);
        Assert.Equal(record.Attempts, read.Attempts);
        Assert.Equal(record with { Skipped = read.Skipped, Attempts = read.Attempts }, read);
        Assert.Null(await ledger.GetAsync("missing"));
    }

    [Fact]
    public async Task QueryAsync_RecordsNotYetWritten_AreMergedIn()
    {
        await using var ledger = NewLedger(_dataSource);
        ledger.Append(Record("written", _time.GetUtcNow()));
        await ledger.FlushAsync();
        ledger.Append(Record("buffered", _time.GetUtcNow().AddSeconds(1)));

        var all = await ledger.QueryAsync(new LedgerQuery());

        Assert.Equal(["buffered", "written"], all.Select(r => r.Id));
        Assert.NotNull(await ledger.GetAsync("buffered"));
        Assert.Equal(1, ledger.Pending);
    }

    [Fact]
    public async Task StopAsync_RecordsPending_FlushesThem()
    {
        var ledger = NewLedger(_dataSource);
        await ledger.StartAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            ledger.Append(Record($"s{i}", _time.GetUtcNow()));
        }

        await ledger.StopAsync(CancellationToken.None);
        await ledger.DisposeAsync();

        Assert.Equal(3L, await CountRowsAsync());
    }

    [Fact]
    public async Task FlushAsync_DatabaseDown_KeepsRecordsAndWritesThemAfterRestore()
    {
        await using var proxy = new LoopbackTcpProxy(new NpgsqlConnectionStringBuilder(_database.ConnectionString).Port);
        await using var viaProxy = PostgresDataSources.Create(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Port = proxy.Port, Pooling = false }.ConnectionString);
        await using var ledger = NewLedger(viaProxy);
        ledger.Append(Record("before", _time.GetUtcNow()));
        Assert.True(await ledger.FlushAsync());

        proxy.Cut();
        for (var i = 0; i < 4; i++)
        {
            ledger.Append(Record($"down{i}", _time.GetUtcNow()));
        }

        Assert.False(await ledger.FlushAsync());
        Assert.Equal(4, ledger.Pending);
        Assert.Equal(0L, ledger.Dropped);

        proxy.Restore();
        Assert.True(await ledger.FlushAsync());
        Assert.Equal(0, ledger.Pending);
        Assert.Equal(5L, await CountRowsAsync());
    }

    [Fact]
    public async Task Append_BufferFull_DropsOldestAndCountsThem()
    {
        await using var proxy = new LoopbackTcpProxy(new NpgsqlConnectionStringBuilder(_database.ConnectionString).Port);
        await using var viaProxy = PostgresDataSources.Create(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Port = proxy.Port, Pooling = false }.ConnectionString);
        await using var ledger = NewLedger(viaProxy, new PostgresLedgerOptions(Capacity: 5, BatchSize: 2));
        proxy.Cut();
        for (var i = 0; i < 8; i++)
        {
            ledger.Append(Record($"o{i}", _time.GetUtcNow()));
        }

        Assert.False(await ledger.FlushAsync());
        Assert.Equal(3L, ledger.Dropped);
        Assert.Equal(5, ledger.Pending);

        proxy.Restore();
        Assert.True(await ledger.FlushAsync());
        await using var command = _dataSource.CreateCommand("SELECT id FROM rc_requests ORDER BY seq");
        var ids = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["o3", "o4", "o5", "o6", "o7"], ids);
    }

    private PostgresLedger NewLedger(NpgsqlDataSource dataSource, PostgresLedgerOptions? options = null) =>
        new(dataSource, _time, NullLogger<PostgresLedger>.Instance, options);

    private async Task<long> CountRowsAsync()
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM rc_requests");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static LedgerRecord Record(string id, DateTimeOffset time, string? role = "plan", int status = 200) =>
        new(id, time, "n1", "team-a", "openai", "default", role, "role", [], [], status < 400 ? LedgerOutcomes.Success : LedgerOutcomes.Failed,
            status, "m1", "up", "key-a", 100, 20, 0, 0.0001m, false, 12.5, null);
}
