using Npgsql;
using RoutingCluster.Cluster;
using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Ledger;
using RoutingCluster.Storage.Postgres;
using RoutingCluster.Storage.Postgres.Degraded;
using RoutingCluster.Storage.Postgres.Entities;
using RoutingCluster.Storage.Postgres.Ledger;
using RoutingCluster.Storage.Postgres.Membership;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// Composition of the entity store: embedded memory, or the shared PostgreSQL cluster, as the
/// first config (<see cref="StartupConfig"/>) says. Both are registered; which one answers is
/// decided when the services are first asked for, and holds for the process lifetime.
/// </summary>
public static class StoreServices
{
    public static IServiceCollection AddEntityStore(this IServiceCollection services)
    {
        services.AddSingleton<MemoryEntityStore>();
        services.AddSingleton<MemoryLedger>();
        services.AddSingleton(sp => new SingleNodeCluster(Definition(sp).Cluster.NodeId ?? "local", sp.GetRequiredService<TimeProvider>().GetUtcNow()));

        services.AddSingleton(sp => ClusterOptionsOf(Definition(sp).Cluster));
        services.AddSingleton(sp => PostgresDataSources.Create(Definition(sp).Store.ConnectionString!.Reveal()));
        services.AddSingleton<PostgresLedger>();
        services.AddSingleton<PostgresEntityStore>();
        services.AddSingleton(sp => new PostgresCluster(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<PostgresEntityStore>(), sp.GetRequiredService<ClusterOptions>(),
            NodeAddress(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresCluster>>()));
        services.AddSingleton(sp => new DegradableEntityStore(
            sp.GetRequiredService<PostgresEntityStore>(), sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IClusterView>(),
            sp.GetRequiredService<ClusterOptions>().DegradedRetryInterval, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DegradableEntityStore>>()));
        services.AddSingleton<StoreInitializer>();

        services.AddSingleton<IEntityStore>(sp => Shared(sp) ? sp.GetRequiredService<DegradableEntityStore>() : sp.GetRequiredService<MemoryEntityStore>());
        services.AddSingleton<ILedger>(sp => Shared(sp) ? sp.GetRequiredService<PostgresLedger>() : sp.GetRequiredService<MemoryLedger>());
        services.AddSingleton<IStoreStatus>(sp => Shared(sp) ? sp.GetRequiredService<DegradableEntityStore>() : LocalStoreStatus.Instance);
        services.AddSingleton<IClusterView>(sp => Shared(sp) ? sp.GetRequiredService<PostgresCluster>() : sp.GetRequiredService<SingleNodeCluster>());

        // Started in this order: the schema first, then the node registers and heartbeats, then the
        // ledger writer. Stopped in reverse: the ledger flushes while the node is still registered.
        // Not through AddHostedService: its de-duplication by type would keep only one of these.
        services.AddSingleton<IHostedService>(sp => Shared(sp) ? sp.GetRequiredService<StoreInitializer>() : NothingToRun.Instance);
        services.AddSingleton<IHostedService>(sp => Shared(sp) ? sp.GetRequiredService<PostgresCluster>() : NothingToRun.Instance);
        services.AddSingleton<IHostedService>(sp => Shared(sp) ? sp.GetRequiredService<PostgresLedger>() : NothingToRun.Instance);
        return services;
    }

    private static GatewayDefinition Definition(IServiceProvider services) => services.GetRequiredService<StartupConfig>().Definition;

    private static bool Shared(IServiceProvider services) => Definition(services).Store.Kind == StoreKind.Postgres;

    private static ClusterOptions ClusterOptionsOf(ClusterDefinition cluster) =>
        new(cluster.NodeId ?? ClusterOptions.DefaultNodeId(), cluster.HeartbeatInterval, cluster.DeadAfterMissedBeats, cluster.DegradedRetryInterval);

    /// <summary>How other nodes see this one in the registry: the machine and the addresses it listens on.</summary>
    private static string NodeAddress(IServiceProvider services)
    {
        var urls = services.GetRequiredService<IConfiguration>()["urls"];
        return $"{Environment.MachineName} {(string.IsNullOrEmpty(urls) ? GatewayApp.DefaultUrl : urls)}";
    }

    private sealed class NothingToRun : IHostedService
    {
        public static readonly NothingToRun Instance = new();

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
