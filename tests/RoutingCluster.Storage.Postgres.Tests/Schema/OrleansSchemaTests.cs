using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;
using RoutingCluster.Storage.Postgres.Orleans;
using RoutingCluster.Storage.Postgres.Schema;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Storage.Postgres.Tests.Schema;

/// <summary>
/// Runs real in-process silos (loopback only) against migration 0004, so that a query key the
/// providers miss, a wrong column name or a broken ETag rule fails here rather than in a cluster.
/// </summary>
public sealed class OrleansSchemaTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly string[] QueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
    ];

    [Fact]
    public async Task ApplyAsync_Twice_SecondIsNoOpAndEveryQueryKeyIsPresent()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);

        var first = await MigrationRunner.ApplyAsync(dataSource);
        var second = await MigrationRunner.ApplyAsync(dataSource);

        Assert.Contains("0004_orleans", first);
        Assert.Empty(second);
        var keys = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery WHERE length(trim(QueryText)) > 0"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(QueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        await using var retired = dataSource.CreateCommand("SELECT to_regclass('rc_entities') IS NULL AND to_regclass('rc_nodes') IS NULL");
        Assert.True((bool)(await retired.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task TwoSilos_Started_EachSeesTheOtherActive()
    {
        await using var db = await MigratedDatabaseAsync();
        var clusterId = NewClusterId();
        // A session time zone far from UTC: liveness times must still be stored as instants.
        var shifted = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Timezone = "Pacific/Kiritimati" }.ConnectionString;
        await using var first = await Silo.StartAsync(shifted, clusterId);
        await using var second = await Silo.StartAsync(shifted, clusterId);

        await WaitForMembershipAsync(first, s => ActiveCount(s) == 2, "first silo to see two active silos");
        await WaitForMembershipAsync(second, s => ActiveCount(s) == 2, "second silo to see two active silos");

        var snapshot = first.Membership.CurrentSnapshot;
        Assert.Equal(SiloStatus.Active, snapshot.GetSiloStatus(second.Address));
        Assert.Equal(SiloStatus.Active, second.Membership.CurrentSnapshot.GetSiloStatus(first.Address));
        Assert.All(snapshot.Members.Keys, a => Assert.True(IPAddress.IsLoopback(a.Endpoint.Address)));
        Assert.Equal(2L, await ScalarAsync<long>(db, $"SELECT count(*) FROM rc_orleans_silo WHERE cluster_id = '{clusterId}' AND status = 3"));
        Assert.Equal(2L, await ScalarAsync<long>(
            db, $"SELECT count(*) FROM rc_orleans_silo WHERE cluster_id = '{clusterId}' AND abs(extract(epoch FROM now() - alive_at)) < 600"));
    }

    [Fact]
    public async Task GrainState_WrittenThenDeactivated_FreshActivationOnOtherSiloReadsItAndStaleETagIsRejected()
    {
        await using var db = await MigratedDatabaseAsync();
        var clusterId = NewClusterId();
        await using var first = await Silo.StartAsync(db.ConnectionString, clusterId);
        await using var second = await Silo.StartAsync(db.ConnectionString, clusterId);
        await WaitForMembershipAsync(first, s => ActiveCount(s) == 2, "two active silos");

        var writer = first.GrainFactory.GetGrain<ICounterGrain>("tenant-a");
        Assert.Equal(3, await writer.AddAsync(3));
        Assert.Equal(7, await writer.AddAsync(4));
        await writer.DeactivateAsync();

        var reader = second.GrainFactory.GetGrain<ICounterGrain>("tenant-a");
        Assert.Equal(7, await reader.GetAsync());
        Assert.Equal(0, await second.GrainFactory.GetGrain<ICounterGrain>("tenant-b").GetAsync());

        var storage = second.Services.GetRequiredKeyedService<IGrainStorage>(CounterGrain.StorageName);
        var grainId = reader.GetGrainId();
        var stored = new GrainState<CounterState>();
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, stored);
        Assert.True(stored.RecordExists);
        Assert.Equal("2", stored.ETag);
        Assert.Equal(7, stored.State!.Total);

        var stale = new GrainState<CounterState> { State = new CounterState { Total = 100 }, ETag = "1" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(CounterGrain.StateName, grainId, stale));
        var blind = new GrainState<CounterState> { State = new CounterState { Total = 100 } };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(CounterGrain.StateName, grainId, blind));

        await storage.WriteStateAsync(CounterGrain.StateName, grainId, stored);
        Assert.Equal("3", stored.ETag);
        await storage.ClearStateAsync(CounterGrain.StateName, grainId, stored);
        var cleared = new GrainState<CounterState>();
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Equal("4", cleared.ETag);
        Assert.Equal(0, cleared.State!.Total);
    }

    [Fact]
    public async Task Silo_Stopped_OtherSiloMarksItDeadAndClientStillFindsAGateway()
    {
        await using var db = await MigratedDatabaseAsync();
        var clusterId = NewClusterId();
        await using var survivor = await Silo.StartAsync(db.ConnectionString, clusterId);
        var leaving = await Silo.StartAsync(db.ConnectionString, clusterId);
        var leavingAddress = leaving.Address;
        await WaitForMembershipAsync(survivor, s => ActiveCount(s) == 2, "two active silos");

        await leaving.DisposeAsync();

        await WaitForMembershipAsync(survivor, s => s.GetSiloStatus(leavingAddress) == SiloStatus.Dead, "the stopped silo to be dead");
        Assert.Equal(1L, await ScalarAsync<long>(
            db, $"SELECT count(*) FROM rc_orleans_silo WHERE cluster_id = '{clusterId}' AND status = 6 AND generation = {leavingAddress.Generation}"));

        using var client = new HostBuilder()
            .UseOrleansClient(c => c
                .UseAdoNetClustering(o =>
                {
                    o.Invariant = OrleansAdoNet.Invariant;
                    o.ConnectionString = db.ConnectionString;
                })
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = Silo.ServiceId;
                }))
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .Build();
        using var timeout = new CancellationTokenSource(Bound);
        await client.StartAsync(timeout.Token);
        try
        {
            var counter = client.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("via-gateway");
            Assert.Equal(5, await counter.AddAsync(5));
        }
        finally
        {
            await client.StopAsync(timeout.Token);
        }
    }

    private static async Task<PostgresTestDatabase> MigratedDatabaseAsync()
    {
        var db = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        await MigrationRunner.ApplyAsync(dataSource);
        return db;
    }

    private static string NewClusterId() => $"rc-test-{Guid.NewGuid():N}";

    private static int ActiveCount(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);

    private static async Task<T> ScalarAsync<T>(PostgresTestDatabase db, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    // Membership changes arrive as a feed of snapshots; waiting on the feed (not on a clock)
    // returns as soon as the condition holds, and the bound turns a hang into a failure.
    private static async Task WaitForMembershipAsync(Silo silo, Func<ClusterMembershipSnapshot, bool> condition, string what)
    {
        if (condition(silo.Membership.CurrentSnapshot))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await foreach (var snapshot in silo.Membership.MembershipUpdates.WithCancellation(timeout.Token))
            {
                if (condition(snapshot) || condition(silo.Membership.CurrentSnapshot))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"Gave up after {Bound} waiting for {what}.");
    }

    /// <summary>One silo on its own loopback ports; disposing it shuts it down gracefully.</summary>
    private sealed class Silo : IAsyncDisposable
    {
        public const string ServiceId = "routing-cluster-tests";

        private readonly IHost _host;

        private Silo(IHost host) => _host = host;

        public IServiceProvider Services => _host.Services;

        public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

        public IClusterMembershipService Membership => Services.GetRequiredService<IClusterMembershipService>();

        public SiloAddress Address => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

        public static async Task<Silo> StartAsync(string connectionString, string clusterId)
        {
            var host = new HostBuilder()
                .UseOrleans(silo => silo
                    .UseAdoNetClustering(o =>
                    {
                        o.Invariant = OrleansAdoNet.Invariant;
                        o.ConnectionString = connectionString;
                    })
                    .AddAdoNetGrainStorage(CounterGrain.StorageName, o =>
                    {
                        o.Invariant = OrleansAdoNet.Invariant;
                        o.ConnectionString = connectionString;
                    })
                    .Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = clusterId;
                        o.ServiceId = ServiceId;
                    })
                    // Listen on and advertise loopback only; the default would advertise the
                    // machine's primary interface.
                    .ConfigureEndpoints(IPAddress.Loopback, FreeLoopbackPort(), FreeLoopbackPort(), listenOnAnyHostAddress: false))
                .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
                .Build();
            using var timeout = new CancellationTokenSource(Bound);
            await host.StartAsync(timeout.Token);
            return new Silo(host);
        }

        public async ValueTask DisposeAsync()
        {
            using var timeout = new CancellationTokenSource(Bound);
            try
            {
                await _host.StopAsync(timeout.Token);
            }
            finally
            {
                _host.Dispose();
            }
        }

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
