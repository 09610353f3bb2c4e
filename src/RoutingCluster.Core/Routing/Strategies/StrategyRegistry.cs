namespace RoutingCluster.Routing.Strategies;

/// <summary>Selection strategies by name. Config validation rejects names not listed in <see cref="StrategyNames"/>.</summary>
public sealed class StrategyRegistry
{
    private readonly Dictionary<string, ISelectionStrategy> _strategies;

    public StrategyRegistry(IEnumerable<ISelectionStrategy> strategies) =>
        _strategies = strategies.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static StrategyRegistry CreateDefault() => new(
    [
        new PriorityStrategy(),
        new HeadroomStrategy(),
        new RoundRobinStrategy(),
        new LatencyStrategy(),
        new CostStrategy(),
        new DrainStrategy(),
    ]);

    public ISelectionStrategy Get(string name) =>
        _strategies.TryGetValue(name, out var strategy)
            ? strategy
            : throw new KeyNotFoundException($"Unknown strategy `{name}`; known: {string.Join(", ", _strategies.Keys)}.");
}
