using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Routing.Strategies;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// The names of the parts registered in this gateway's services — selection strategies, provider
/// adapters and client protocols — which are the names a config may use.
/// </summary>
public sealed class PluggableParts(IEnumerable<ISelectionStrategy> strategies, IEnumerable<IProviderAdapter> adapters, IEnumerable<IClientProtocol> protocols)
{
    public IReadOnlyList<string> StrategyNames { get; } = [.. strategies.Select(s => s.Name)];

    public IReadOnlyList<string> ProviderProtocols { get; } = [.. adapters.Select(a => a.Protocol)];

    public IReadOnlyList<string> ClientProtocols { get; } = [.. protocols.Select(p => p.Name)];
}
