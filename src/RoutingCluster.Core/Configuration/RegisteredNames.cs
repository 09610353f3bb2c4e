using RoutingCluster.Routing.Strategies;

namespace RoutingCluster.Configuration;

/// <summary>
/// The strategy names and provider protocols this host has implementations for. Validation checks
/// config against these rather than against a static list, so a name the host cannot serve is a
/// load error that lists what is there, not a failure on the first request that needs it.
/// </summary>
public sealed class RegisteredNames
{
    private readonly HashSet<string> _strategies;
    private readonly HashSet<ProviderProtocol> _protocols;

    public RegisteredNames(IEnumerable<string> strategies, IEnumerable<ProviderProtocol> protocols)
    {
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(protocols);
        Strategies = [.. strategies.Distinct(StringComparer.Ordinal)];
        _strategies = new HashSet<string>(Strategies, StringComparer.Ordinal);
        _protocols = [.. protocols];
        Protocols = [.. ProviderProtocols.All.Where(_protocols.Contains)];
        ProtocolNames = [.. Protocols.Select(ProviderProtocols.Name)];
    }

    /// <summary>Everything built in: the strategies of <see cref="StrategyRegistry.CreateDefault"/> and every protocol.</summary>
    public static RegisteredNames BuiltIn { get; } = new(StrategyRegistry.CreateDefault().Names, ProviderProtocols.All);

    /// <summary>In registration order, as error messages list them.</summary>
    public IReadOnlyList<string> Strategies { get; }

    /// <summary>In the enum's order whatever the registration order, so messages stay the same across hosts.</summary>
    public IReadOnlyList<ProviderProtocol> Protocols { get; }

    /// <summary>The YAML spelling of <see cref="Protocols"/>.</summary>
    public IReadOnlyList<string> ProtocolNames { get; }

    public bool HasStrategy(string name) => _strategies.Contains(name);

    public bool HasProtocol(ProviderProtocol protocol) => _protocols.Contains(protocol);
}
