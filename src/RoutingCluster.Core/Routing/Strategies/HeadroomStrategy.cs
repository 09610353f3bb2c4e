namespace RoutingCluster.Routing.Strategies;

/// <summary>Most remaining fraction of its limits first: spreads load so every key keeps some slack.</summary>
public sealed class HeadroomStrategy : ISelectionStrategy
{
    public string Name => StrategyNames.Headroom;

    public IReadOnlyList<RankedCandidate> Order(IReadOnlyList<RankedCandidate> available, StepContext context) =>
        [.. available.OrderByDescending(c => c.View.Headroom).ThenBy(c => c.View.InFlight).ThenBy(c => c.Candidate.Order)];
}
