using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using RoutingCluster.Grains.Hosting;
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
    private readonly PostgresTestDatabase? _ownDatabase;

    private ThreeSiloCluster(PostgresTestDatabase? ownDatabase, InProcessTestCluster cluster, FakeTimeProvider time, SiloLog log)
    {
        _ownDatabase = ownDatabase;
        Cluster = cluster;
        Time = time;
        Log = log;
    }

    public InProcessTestCluster Cluster { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>What every silo logged at warning and above, to explain a failure.</summary>
    public SiloLog Log { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <param name="silos">How many silos (three unless a test needs another shape).</param>
    /// <param name="database">A database shared with another cluster (created and dropped here when null).</param>
    /// <param name="serviceId">The service id; two clusters with the same one share grain state, as two halves of a split cluster would.</param>
    /// <param name="storageConnectionString">Where the grains persist when not straight to <paramref name="database"/> (e.g. through a fault-injecting proxy).</param>
    /// <param name="services">More services for every silo (e.g. what a grain asks of its node).</param>
    /// <param name="storage">A grain storage to persist to instead of the database (e.g. one that holds writes back).</param>
    public static async Task<ThreeSiloCluster> StartAsync(
        short silos = 3, PostgresTestDatabase? database = null, string? serviceId = null, FakeTimeProvider? time = null, string? storageConnectionString = null,
        Action<IServiceCollection>? services = null, IGrainStorage? storage = null)
    {
        var own = database is null ? await CreateDatabaseAsync() : null;
        database ??= own!;
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var log = new SiloLog();
        var builder = new InProcessTestClusterBuilder(silos);
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.Logging.AddProvider(log);
            host.Services.AddSingleton<TimeProvider>(time);

            // As in the gateway: Orleans' own (keyed) clocks keep real time.
            host.Services.AddKeyedSingleton<TimeProvider>(KeyedService.AnyKey, (_, _) => TimeProvider.System);
            services?.Invoke(host.Services);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRoutingClusterGrainStorage(storageConnectionString ?? database!.ConnectionString);
            if (storage is not null)
            {
                silo.Services.AddKeyedSingleton(GrainStorage.Name, storage);
            }

            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ThreeSiloCluster(own, cluster, time, log);
    }

    /// <summary>A throwaway database with the gateway's schema applied.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync()
    {
        var database = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await MigrationRunner.ApplyAsync(dataSource);
        return database;
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
        if (_ownDatabase is not null)
        {
            await _ownDatabase.DisposeAsync();
        }
    }
}
