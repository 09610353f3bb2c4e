using RoutingCluster.Cluster;
using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Ledger;
using RoutingCluster.Storage.Postgres;
using RoutingCluster.Storage.Postgres.Degraded;
using RoutingCluster.Storage.Postgres.Entities;
using RoutingCluster.Storage.Postgres.Ledger;
using RoutingCluster.Storage.Postgres.Membership;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>Composition of the entity store: embedded memory, or the shared PostgreSQL cluster.</summary>
public static class StoreServices
{
    public static IServiceCollection AddEntityStore(this IServiceCollection services, GatewayDefinition model, TimeProvider time, string address)
    {
        if (model.Store.Kind != StoreKind.Postgres)
        {
            services.AddSingleton<IEntityStore>(new MemoryEntityStore(time));
            services.AddSingleton<ILedger>(new MemoryLedger());
            services.AddSingleton<IStoreStatus>(LocalStoreStatus.Instance);
            services.AddSingleton<IClusterView>(new SingleNodeCluster(model.Cluster.NodeId ?? "local", time.GetUtcNow()));
            return services;
        }

        var options = new ClusterOptions(
            model.Cluster.NodeId ?? ClusterOptions.DefaultNodeId(),
            model.Cluster.HeartbeatInterval,
            model.Cluster.DeadAfterMissedBeats,
            model.Cluster.DegradedRetryInterval);
        var dataSource = PostgresDataSources.Create(model.Store.ConnectionString!.Reveal());
        services.AddSingleton(dataSource);
        services.AddSingleton(options);
        services.AddSingleton(sp => new PostgresLedger(dataSource, time, sp.GetRequiredService<ILogger<PostgresLedger>>()));
        services.AddSingleton<ILedger>(sp => sp.GetRequiredService<PostgresLedger>());
        services.AddSingleton(_ => new PostgresEntityStore(dataSource, time));
        services.AddSingleton(sp => new PostgresCluster(
            dataSource, sp.GetRequiredService<PostgresEntityStore>(), options, address, time, sp.GetRequiredService<ILogger<PostgresCluster>>()));
        services.AddSingleton<IClusterView>(sp => sp.GetRequiredService<PostgresCluster>());
        services.AddSingleton(sp => new DegradableEntityStore(
            sp.GetRequiredService<PostgresEntityStore>(), dataSource, sp.GetRequiredService<IClusterView>(), options.DegradedRetryInterval, time,
            sp.GetRequiredService<ILogger<DegradableEntityStore>>()));
        services.AddSingleton<IEntityStore>(sp => sp.GetRequiredService<DegradableEntityStore>());
        services.AddSingleton<IStoreStatus>(sp => sp.GetRequiredService<DegradableEntityStore>());

        // Started in this order: the schema first, then the node registers and heartbeats, then the
        // ledger writer. Stopped in reverse: the ledger flushes while the node is still registered.
        services.AddHostedService(sp => new StoreInitializer(sp.GetRequiredService<DegradableEntityStore>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresCluster>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresLedger>());
        return services;
    }
}
