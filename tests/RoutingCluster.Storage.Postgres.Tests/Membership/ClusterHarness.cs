using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RoutingCluster.Cluster;
using RoutingCluster.Storage.Postgres.Entities;
using RoutingCluster.Storage.Postgres.Membership;
using RoutingCluster.Storage.Postgres.Schema;
using RoutingCluster.Testing;

namespace RoutingCluster.Storage.Postgres.Tests.Membership;

/// <summary>
/// Several in-process nodes on one throwaway database, each with its own data source (as separate
/// processes would have), all on ONE fake clock: a test moves time and then awaits the tick of
/// every running node, so it knows exactly which beats happened. Every wait is bounded.
/// </summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public const int MissedBeats = 3;
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly List<PostgresCluster> _nodes = [];

    private ClusterHarness(PostgresTestDatabase database) => Database = database;

    public PostgresTestDatabase Database { get; }

    public CountingFakeTimeProvider Clock { get; } = new();

    public static TimeSpan DeadAfter => Interval * MissedBeats;

    public static async Task<ClusterHarness> CreateAsync()
    {
        var database = await PostgresTestDatabase.CreateAsync();
        var harness = new ClusterHarness(database);
        await MigrationRunner.ApplyAsync(harness.NewDataSource());
        return harness;
    }

    /// <summary>A data source of its own, as another process would have; disposed with the harness.</summary>
    public NpgsqlDataSource NewDataSource()
    {
        var dataSource = Database.CreateDataSource();
        _dataSources.Add(dataSource);
        return dataSource;
    }

    public PostgresEntityStore NewStore() => new(NewDataSource(), Clock);

    public async Task<PostgresCluster> StartNodeAsync(string id)
    {
        var dataSource = NewDataSource();
        var node = new PostgresCluster(
            dataSource,
            new PostgresEntityStore(dataSource, Clock),
            new ClusterOptions(id, Interval, MissedBeats, Interval),
            $"http://{id}:8080",
            Clock,
            NullLogger<PostgresCluster>.Instance);
        _nodes.Add(node);
        await node.StartAsync(CancellationToken.None).WaitAsync(Bound);
        return node;
    }

    /// <summary>
    /// One heartbeat interval for <paramref name="running"/> (the nodes whose loop runs): waits until
    /// each has armed its delay, moves the clock one interval, and awaits each one's finished tick.
    /// </summary>
    public async Task TickAsync(params PostgresCluster[] running)
    {
        var ticks = running.Select(n => n.WaitForTickAsync()).ToArray();
        await Clock.WaitForTimersAsync(running.Length, Bound);
        Clock.Advance(Interval);
        await Task.WhenAll(ticks).WaitAsync(Bound);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
