using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Providers;

/// <summary>Provider adapters by protocol name; config validation only admits known protocols.</summary>
public sealed class ProviderAdapters(IEnumerable<IProviderAdapter> adapters)
{
    private readonly Dictionary<ProviderProtocol, IProviderAdapter> _byProtocol = adapters.ToDictionary(a => a.Protocol);

    public IProviderAdapter For(ProviderProtocol protocol) =>
        _byProtocol.TryGetValue(protocol, out var adapter)
            ? adapter
            : throw new InvalidOperationException($"No adapter for protocol `{ProviderProtocols.Name(protocol)}`; known: {string.Join(", ", _byProtocol.Keys.Select(ProviderProtocols.Name))}.");
}
