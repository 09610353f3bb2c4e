using RoutingCluster.Cluster;
using RoutingCluster.Grains.Fleet;
using RoutingCluster.Grains.Hosting;

namespace RoutingCluster.Gateway.Fleet;

/// <summary>The cluster as this node's silo sees it: its own name and address, and Orleans' membership for the rest.</summary>
public sealed class SiloClusterView(SiloSettings settings, IServiceProvider services) : IClusterView
{
    private string? _siloAddress;

    public string NodeId => settings.NodeName;

    public string SiloAddress => _siloAddress ??= SiloNames.Of(services.GetRequiredService<ILocalSiloDetails>().SiloAddress);

    public async Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken = default)
    {
        var hosts = await services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false).WaitAsync(cancellationToken);
        return [.. hosts
            .OrderBy(h => h.SiloName, StringComparer.Ordinal)
            .ThenBy(h => h.StartTime)
            .Select(h => new NodeInfo(
                h.SiloName, h.SiloAddress.Endpoint.ToString(), new DateTimeOffset(h.StartTime, TimeSpan.Zero), new DateTimeOffset(h.IAmAliveTime, TimeSpan.Zero), h.Status.ToString().ToLowerInvariant()))];
    }
}
