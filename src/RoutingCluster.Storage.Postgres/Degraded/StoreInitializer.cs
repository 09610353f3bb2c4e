using Microsoft.Extensions.Hosting;

namespace RoutingCluster.Storage.Postgres.Degraded;

/// <summary>Applies the schema at startup, before the node registers and serves; never fails startup.</summary>
public sealed class StoreInitializer(DegradableEntityStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
