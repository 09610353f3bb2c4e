namespace RoutingCluster.Routing.Strategies;

/// <summary>Selection strategies by name. Config validation rejects names not in <see cref="Names"/>
/// (through <see cref="Configuration.RegisteredNames"/>), so <see cref="Get"/> only misses on a bug.</summary>
public sealed class StrategyRegistry
{
    private readonly Dictionary<string, ISelectionStrategy> _strategies;

    public StrategyRegistry(IEnumerable<ISelectionStrategy> strategies)
    {
        ArgumentNullException.ThrowIfNull(strategies);
        var list = strategies.ToList();
        _strategies = list.ToDictionary(s => s.Name, StringComparer.Ordinal);
        Names = [.. list.Select(s => s.Name)];
    }

    /// <summary>In registration order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>A new instance of every built-in strategy (some keep state, e.g. round-robin's position), in the order errors list them.</summary>
    public static IReadOnlyList<ISelectionStrategy> CreateBuiltIn() =>
    [
        new PriorityStrategy(),
        new HeadroomStrategy(),
        new RoundRobinStrategy(),
        new LatencyStrategy(),
        new CostStrategy(),
        new DrainStrategy(),
    ];

    public static StrategyRegistry CreateDefault() => new(CreateBuiltIn());

    public ISelectionStrategy Get(string name) =>
        _strategies.TryGetValue(name, out var strategy)
            ? strategy
            : throw new KeyNotFoundException($"Unknown strategy `{name}`; known: {string.Join(", ", _strategies.Keys)}.");
}
