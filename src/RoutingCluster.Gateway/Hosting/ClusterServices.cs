using Npgsql;
using RoutingCluster.Cluster;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Grains.Hosting;
using RoutingCluster.Ledger;
using RoutingCluster.Storage.Postgres;
using RoutingCluster.Storage.Postgres.Ledger;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// The cluster engine of a node: its co-hosted Orleans silo (embedded or clustered, as the first
/// config says), the fleet view and its watcher, and the ledger. Started in this order: the schema
/// (clustered), the silo, the fleet watcher, the ledger writer; stopped in reverse, so the ledger
/// flushes and settles drain while the silo still runs, and the grains deactivate (<see cref="GrainRetirement"/>)
/// before the silo stops.
/// </summary>
public static class ClusterServices
{
    public static WebApplicationBuilder AddClusterEngine(this WebApplicationBuilder builder, StartupConfig startup)
    {
        var settings = SiloSettingsFactory.For(startup.Definition, Environment.GetEnvironmentVariable);
        var services = builder.Services;
        services.AddSingleton(settings);
        if (settings.Clustered)
        {
            services.AddSingleton(_ => PostgresDataSources.Create(startup.Definition.Store.ConnectionString!.Reveal()));
            services.AddHostedService<SchemaMigrator>();
        }

        builder.UseOrleans(silo => silo.UseRoutingClusterSilo(settings));
        services.AddHostedService<GrainRetirement>();

        services.AddFleet();
        if (settings.Clustered)
        {
            services.AddSingleton<PostgresLedger>();
            services.AddSingleton<ILedger>(sp => sp.GetRequiredService<PostgresLedger>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresLedger>());
        }
        else
        {
            services.AddSingleton<ILedger, MemoryLedger>();
        }

        return builder;
    }

    /// <summary>This node's side of the grains: its fleet view and the watcher feeding it, the grain client, the background settles.</summary>
    public static IServiceCollection AddFleet(this IServiceCollection services)
    {
        services.AddSingleton<FleetGrains>();
        services.AddSingleton<FleetView>();
        services.AddSingleton<HeldLeases>();
        services.AddSingleton<FleetClient>();
        services.AddSingleton<IClusterView, SiloClusterView>();
        services.AddHostedService<FleetWatcher>();
        services.AddSingleton<BackgroundSettles>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundSettles>());
        return services;
    }

    /// <summary>Applies the schema before the silo joins (membership lives in it); retries while the database is not up yet.</summary>
    private sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger, TimeProvider time) : IHostedService
    {
        private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var started = time.GetTimestamp();
            while (true)
            {
                try
                {
                    await Storage.Postgres.Schema.MigrationRunner.ApplyAsync(dataSource, cancellationToken);
                    return;
                }
                catch (NpgsqlException e) when (time.GetElapsedTime(started) < GiveUpAfter)
                {
                    Logging.Log.DatabaseNotReady(logger, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
                }
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
