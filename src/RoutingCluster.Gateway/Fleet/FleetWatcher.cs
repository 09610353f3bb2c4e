using RoutingCluster.Cluster;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Grains.Fleet;

namespace RoutingCluster.Gateway.Fleet;

/// <summary>
/// Keeps this node subscribed to every configured credential and provider grain and refreshes
/// the <see cref="FleetView"/> from them every <see cref="RefreshInterval"/>, telling each credential
/// which of its leases this node holds (<see cref="HeldLeases"/>). Pushes keep the view
/// current within milliseconds; this is the backstop for a push lost when a grain moved to
/// another silo (its subscriptions go with the old activation), which bounds how stale the view
/// can get: one refresh interval. The interval is real time on the machine's clock whatever the
/// node's <see cref="TimeProvider"/> says (a test's fake clock moves windows and cooldowns, not
/// this bound), as are the subscriptions' lapses in the grains.
/// </summary>
public sealed class FleetWatcher(ActiveConfig active, IGrainFactory factory, FleetGrains grains, FleetView view, HeldLeases held, IClusterView cluster, ILogger<FleetWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private const int Parallelism = 32;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var observer = factory.CreateObjectReference<IFleetObserver>(view);
        using var timer = new PeriodicTimer(RefreshInterval, TimeProvider.System);
        do
        {
            await RefreshAsync(observer, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(IFleetObserver observer, CancellationToken stoppingToken)
    {
        var config = active.Current;
        var failed = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken };
        await Parallel.ForEachAsync(config.Credentials, options, async (credential, _) =>
        {
            try
            {
                view.Update(credential.Id, await grains.Credential(credential.Id).Watch(observer, cluster.SiloAddress, held.Of(credential.Id), credential.Limits).AsTask().WaitAsync(CallTimeout, stoppingToken));
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                Interlocked.Increment(ref failed);
            }
        });
        await Parallel.ForEachAsync(config.Providers.Keys, options, async (provider, _) =>
        {
            try
            {
                view.Update(provider, await grains.Provider(provider).Watch(observer).AsTask().WaitAsync(CallTimeout, stoppingToken));
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                Interlocked.Increment(ref failed);
            }
        });

        if (failed > 0)
        {
            Log.RefreshFailed(logger, failed, config.Credentials.Count + config.Providers.Count);
        }
    }
}
