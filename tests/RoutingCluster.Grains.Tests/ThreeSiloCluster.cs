using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using RoutingCluster.Grains.Hosting;
using RoutingCluster.Storage.Postgres.Orleans;
using RoutingCluster.Storage.Postgres.Schema;
using RoutingCluster.Testing;

namespace RoutingCluster.Grains.Tests;

/// <summary>
/// Three real silos in this process (Orleans' in-process test cluster, loopback only), the grains
/// persisting to a throwaway PostgreSQL database through the gateway's own schema, so a silo's
/// death loses nothing but what was in its memory. One fake clock drives every grain's time;
/// Orleans' own timers and membership run on real time.
/// </summary>
public sealed class ThreeSiloCluster : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;

    private ThreeSiloCluster(PostgresTestDatabase database, InProcessTestCluster cluster, FakeTimeProvider time)
    {
        _database = database;
        Cluster = cluster;
        Time = time;
    }

    public InProcessTestCluster Cluster { get; }

    public FakeTimeProvider Time { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<ThreeSiloCluster> StartAsync()
    {
        var database = await PostgresTestDatabase.CreateAsync();
        await using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await MigrationRunner.ApplyAsync(dataSource);
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.Services.AddSingleton<TimeProvider>(time);

            // As in the gateway: Orleans' own (keyed) clocks keep real time.
            host.Services.AddKeyedSingleton<TimeProvider>(KeyedService.AnyKey, (_, _) => TimeProvider.System);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddAdoNetGrainStorage(GrainStorage.Name, o =>
            {
                o.Invariant = OrleansAdoNet.Invariant;
                o.ConnectionString = database.ConnectionString;
            });
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(GrainStorage.Name)
                .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ThreeSiloCluster(database, cluster, time);
    }

    /// <summary>The silo holding the grain's activation now.</summary>
    public InProcessSiloHandle HostOf(IAddressable grain) =>
        Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) && context.Address.SiloAddress is { } address && Cluster.GetSiloForAddress(address) is { } silo
            ? silo
            : throw new InvalidOperationException($"No active silo holds {grain.GetGrainId()}.");

    /// <summary>A grain factory inside each active silo, so calls come from every node.</summary>
    public IReadOnlyList<IGrainFactory> SiloFactories() =>
        [.. Cluster.GetActiveSilos().Select(s => s.SiloHost.Services.GetRequiredService<IGrainFactory>())];

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _database.DisposeAsync();
    }
}
