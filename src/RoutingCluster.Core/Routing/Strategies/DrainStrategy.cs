namespace RoutingCluster.Routing.Strategies;

/// <summary>
/// Least remaining fraction first (among those that still have some): keeps using one credential
/// until its window is spent, then moves on. Suits windowed subscriptions, whose unused quota is
/// lost at reset anyway, so the others keep their full windows for later.
/// </summary>
public sealed class DrainStrategy : ISelectionStrategy
{
    public string Name => StrategyNames.Drain;

    public IReadOnlyList<RankedCandidate> Order(IReadOnlyList<RankedCandidate> available, StepContext context) =>
        [.. available.OrderBy(c => c.View.Headroom).ThenBy(c => c.Candidate.Order)];
}
