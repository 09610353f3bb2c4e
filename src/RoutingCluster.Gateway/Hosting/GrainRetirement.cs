using RoutingCluster.Gateway.Logging;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// On a graceful stop, deactivates this silo's grains (each writes its final checkpoint) once the
/// requests, settles and the fleet watcher have stopped and before the silo itself stops. The silo's
/// own shutdown would otherwise try to migrate every activation still alive to another silo, and
/// with none left (the embedded node, or a cluster's last node) it logs an error per grain for what
/// is an ordinary stop. On other nodes the grains activate again at their next call.
/// </summary>
internal sealed class GrainRetirement(IGrainFactory grains, ILocalSiloDetails silo, ILogger<GrainRetirement> logger) : IHostedService
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection([silo.SiloAddress], TimeSpan.Zero).WaitAsync(Bound, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or OperationCanceledException)
        {
            // The silo's own shutdown deactivates whatever is left.
            Log.GrainsNotRetired(logger, e.GetType().Name);
        }
    }
}
