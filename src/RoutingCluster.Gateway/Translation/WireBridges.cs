using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Translation;

/// <summary>
/// The registered bridges by (client, upstream) wire format. Built once at startup; a gap in the
/// matrix (a client format that cannot reach one of the upstream formats) fails the start instead
/// of a request.
/// </summary>
public sealed class WireBridges
{
    private readonly Dictionary<(WireFormat Client, WireFormat Upstream), IWireBridge> _bridges;

    public WireBridges(IEnumerable<IWireBridge> bridges)
    {
        _bridges = [];
        foreach (var bridge in bridges)
        {
            if (!_bridges.TryAdd((bridge.ClientWire, bridge.UpstreamWire), bridge))
            {
                throw new InvalidOperationException($"Two bridges registered from {bridge.ClientWire} clients to {bridge.UpstreamWire} upstreams.");
            }
        }

        var clients = _bridges.Keys.Select(k => k.Client).Distinct().ToArray();
        var upstreams = _bridges.Keys.Select(k => k.Upstream).Distinct().ToArray();
        var missing = clients.SelectMany(c => upstreams.Where(u => !_bridges.ContainsKey((c, u))).Select(u => $"{c} -> {u}")).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"No bridge registered for: {string.Join(", ", missing)}.");
        }
    }

    public IWireBridge For(WireFormat clientWire, WireFormat upstreamWire) =>
        _bridges.TryGetValue((clientWire, upstreamWire), out var bridge)
            ? bridge
            : throw new InvalidOperationException($"No bridge from {clientWire} clients to {upstreamWire} upstreams; registered: {string.Join(", ", _bridges.Keys.Select(k => $"{k.Client} -> {k.Upstream}"))}.");
}
