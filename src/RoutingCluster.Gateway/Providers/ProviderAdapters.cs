namespace RoutingCluster.Gateway.Providers;

/// <summary>Provider adapters by protocol name; config validation only admits known protocols.</summary>
public sealed class ProviderAdapters(IEnumerable<IProviderAdapter> adapters)
{
    private readonly Dictionary<string, IProviderAdapter> _byProtocol = adapters.ToDictionary(a => a.Protocol, StringComparer.Ordinal);

    public IProviderAdapter For(string protocol) =>
        _byProtocol.TryGetValue(protocol, out var adapter)
            ? adapter
            : throw new InvalidOperationException($"No adapter for protocol `{protocol}`; known: {string.Join(", ", _byProtocol.Keys)}.");
}
