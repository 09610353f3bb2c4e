using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RoutingCluster.Entities;
using RoutingCluster.Storage.Postgres.Entities;
using RoutingCluster.Testing.Contracts;
using Xunit;

namespace RoutingCluster.Storage.Postgres.Tests.Entities;

/// <summary>
/// What only the Postgres store has: each transition runs holding its row's lock, so a rival
/// node queues behind it and sees its result; a failed transition leaves nothing behind.
/// </summary>
public sealed class PostgresEntityStoreTests(PostgresEntitiesDatabase database) : IClassFixture<PostgresEntitiesDatabase>, IAsyncLifetime
{
    private const string Kind = "pg-counter";

    private readonly FakeTimeProvider _time = new();
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly string _scope = Guid.NewGuid().ToString("N")[..12];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task ApplyAsync_DuringTransition_RowIsLockedAndReleasedAfter()
    {
        var key = Key("locked");
        await IncrementAsync(Node(), key);
        var store = Node(); // has not seen the row: no direct conditional update, the batch path locks it
        await using var probe = Source();
        bool? lockedInside = null;

        await store.ApplyAsync<ContractCounterState, long>(key, (state, _) =>
        {
            lockedInside = IsRowLocked(probe, key);
            return ContractCounterState.Increment(state);
        });

        Assert.True(lockedInside);
        Assert.False(IsRowLocked(probe, key));
        Assert.Equal(new ContractCounterState(2, 2), await store.ReadAsync<ContractCounterState>(key));
    }

    [Fact]
    public async Task ApplyAsync_RivalNodeDuringTransition_WaitsForTheLockThenSeesTheNewState()
    {
        var key = Key("queued");
        var (store, rival) = (Node(), Node());
        Task<long>? rivalCall = null;
        var seenByStore = new List<ContractCounterState>();

        var produced = await store.ApplyAsync<ContractCounterState, long>(key, (state, _) =>
        {
            seenByStore.Add(state);
            rivalCall = IncrementAsync(rival, key);
            return ContractCounterState.Increment(state);
        });

        Assert.Equal([ContractCounterState.Initial], seenByStore);
        Assert.Equal(1, produced);
        Assert.Equal(2, await rivalCall!.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(new ContractCounterState(2, 2), await store.ReadAsync<ContractCounterState>(key));
    }

    [Fact]
    public async Task ApplyAsync_TransitionThrows_RolledBackAndRowUnlocked()
    {
        var key = Key("throws");
        var store = Node();
        await using var probe = Source();
        await IncrementAsync(store, key);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await store.ApplyAsync<ContractCounterState, long>(key, (_, _) => throw new InvalidOperationException("boom")));

        Assert.False(IsRowLocked(probe, key));
        Assert.Equal(new ContractCounterState(1, 1), await store.ReadAsync<ContractCounterState>(key));
        Assert.Equal(2, await IncrementAsync(store, key));
    }

    [Fact]
    public async Task ApplyAsync_ManyNodesOnOneRow_ResultsExact()
    {
        const int nodes = 4;
        const int workers = 12;
        const int callsPerWorker = 40;
        var key = Key("hot");
        var stores = Enumerable.Range(0, nodes).Select(_ => Node()).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            await start.Task;
            var produced = new List<long>(callsPerWorker);
            for (var i = 0; i < callsPerWorker; i++)
            {
                produced.Add(await IncrementAsync(stores[worker % nodes], key));
            }

            return produced;
        })).ToArray();
        start.SetResult();
        var all = (await Task.WhenAll(running)).SelectMany(p => p).Order().ToList();

        const int calls = workers * callsPerWorker;
        Assert.Equal(Enumerable.Range(1, calls).Select(i => (long)i), all);
        Assert.Equal(new ContractCounterState(calls, calls), await stores[0].ReadAsync<ContractCounterState>(key));
    }

    [Fact]
    public async Task ApplyAsync_NodeLastSawAnOlderVersion_RivalWritesAreNotLost()
    {
        var key = Key("stale");
        var (store, rival) = (Node(), Node());
        Assert.Equal(1, await IncrementAsync(store, key));
        Assert.Equal(2, await IncrementAsync(rival, key));
        Assert.Equal(3, await IncrementAsync(rival, key));

        Assert.Equal(4, await IncrementAsync(store, key));
        Assert.Equal(5, await IncrementAsync(store, key));
        Assert.Equal(new ContractCounterState(5, 5), await rival.ReadAsync<ContractCounterState>(key));
    }

    [Fact]
    public async Task ApplyAsync_ManyTransitionsIssuedTogether_ShareTransactionsWithEachResultExact()
    {
        const int calls = 200;
        var key = Key("batched");
        var store = Node();

        var produced = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => IncrementAsync(store, key)));

        Assert.Equal(Enumerable.Range(1, calls).Select(i => (long)i), produced.Order());
        Assert.Equal(new ContractCounterState(calls, calls), await store.ReadAsync<ContractCounterState>(key));
        Assert.Equal(calls, store.TransitionsBatched);
        Assert.InRange(store.TransactionsCommitted, 1, calls / 2);
    }

    [Fact]
    public async Task ApplyAsync_NodesBatchingTheSameKeysInOppositeOrders_NeitherDeadlocksNorLosesAny()
    {
        const int rounds = 60;
        var keys = Enumerable.Range(0, 6).Select(i => Key($"pair{i}")).ToArray();
        var (first, second) = (Node(), Node());

        var running = Enumerable.Range(0, rounds).SelectMany(round => new[]
        {
            Task.WhenAll(keys.Select(key => IncrementAsync(first, key))),
            Task.WhenAll(keys.Reverse().Select(key => IncrementAsync(second, key))),
        }).ToArray();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60));

        foreach (var key in keys)
        {
            Assert.Equal(new ContractCounterState(2 * rounds, 2 * rounds), await first.ReadAsync<ContractCounterState>(key));
        }
    }

    [Fact]
    public async Task ApplyAsync_OneTransitionOfABatchThrows_OnlyItFailsAndTheOthersCommit()
    {
        var key = Key("mixed");
        var store = Node();
        await IncrementAsync(store, key);

        var before = Enumerable.Range(0, 20).Select(_ => IncrementAsync(store, key)).ToArray();
        var throwing = store.ApplyAsync<ContractCounterState, long>(key, (_, _) => throw new InvalidOperationException("boom")).AsTask();
        var after = Enumerable.Range(0, 20).Select(_ => IncrementAsync(store, key)).ToArray();

        await Assert.ThrowsAsync<InvalidOperationException>(() => throwing);
        var produced = await Task.WhenAll(before.Concat(after));
        Assert.Equal(Enumerable.Range(2, 40).Select(i => (long)i), produced.Order());
        Assert.Equal(new ContractCounterState(41, 41), await store.ReadAsync<ContractCounterState>(key));
    }

    [Fact]
    public async Task ReadAsync_ManyKeysReadTogether_EachGetsItsOwnStateOrTheInitialOne()
    {
        var store = Node();
        var written = Enumerable.Range(0, 8).Select(i => Key($"read{i}")).ToArray();
        for (var i = 0; i < written.Length; i++)
        {
            for (var n = 0; n <= i; n++)
            {
                await IncrementAsync(store, written[i]);
            }
        }

        var reader = Node();
        var reads = written.Append(Key("never-written")).Select(key => reader.ReadAsync<ContractCounterState>(key).AsTask()).ToArray();
        var states = await Task.WhenAll(reads);

        Assert.Equal(Enumerable.Range(1, 8).Select(n => new ContractCounterState(n, n)).Append(ContractCounterState.Initial), states);
    }

    [Fact]
    public async Task ApplyAsync_CredentialState_StoresRecordFieldsOnlyWithVersionMatchingColumn()
    {
        var id = $"json-{_scope}";
        var store = Node();
        var policy = new CredentialPolicy(
            new CredentialLimits(4, [new WindowLimit("minute", TimeSpan.FromMinutes(1), 10, 1000)]), BreakerOptions.Default, "fp");
        await store.AcquireCredentialAsync(id, new AcquireCommand("l1", 40, TimeSpan.FromMinutes(1), policy, "node-a"));
        var learned = new RateLimitObservation(RemainingRequests: 9, LimitRequests: 10);
        await store.SettleCredentialAsync(id, new SettleCommand("l1", new AttemptOutcome(OutcomeKind.Success, 200, 30, RateLimits: learned), policy, new CooldownPolicy(TimeSpan.FromSeconds(15), CooldownPolicy.DefaultMaxLearnedWait)));

        await using var source = Source();
        await using var select = source.CreateCommand("SELECT version, state::text FROM rc_entities WHERE kind = 'credential' AND id = @id");
        select.Parameters.AddWithValue("id", id);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var version = reader.GetInt64(0);
        using var json = JsonDocument.Parse(reader.GetString(1));

        Assert.Equal(2, version);
        Assert.Equal(version, json.RootElement.GetProperty("version").GetInt64());
        var window = Assert.Single(json.RootElement.GetProperty("windows").EnumerateArray());
        Assert.Equal(["buckets", "name", "span"], window.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.False(json.RootElement.GetProperty("learned").TryGetProperty("isEmpty", out _));
        Assert.Equal(9, json.RootElement.GetProperty("learned").GetProperty("remainingRequests").GetInt64());
    }

    private EntityKey Key(string name) => new(Kind, $"{name}-{_scope}");

    /// <summary>A connection pool of the test's own, for looking at the rows directly.</summary>
    private NpgsqlDataSource Source() => database.CreateDataSource();

    /// <summary>A separate node: its own store on its own connection pool, disposed after the test.</summary>
    private PostgresEntityStore Node()
    {
        var dataSource = database.CreateDataSource();
        _dataSources.Add(dataSource);
        return new PostgresEntityStore(dataSource, _time);
    }

    private static Task<long> IncrementAsync(PostgresEntityStore store, EntityKey key) =>
        store.ApplyAsync<ContractCounterState, long>(key, (state, _) => ContractCounterState.Increment(state)).AsTask();

    /// <summary>True when another session holds the row lock (checked without waiting).</summary>
    private static bool IsRowLocked(NpgsqlDataSource source, EntityKey key)
    {
        using var command = source.CreateCommand("SELECT 1 FROM rc_entities WHERE kind = @kind AND id = @id FOR UPDATE NOWAIT");
        command.Parameters.AddWithValue("kind", key.Kind);
        command.Parameters.AddWithValue("id", key.Id);
        try
        {
            command.ExecuteScalar();
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return true;
        }
    }
}
