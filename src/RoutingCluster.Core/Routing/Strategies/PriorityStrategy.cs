namespace RoutingCluster.Routing.Strategies;

/// <summary>First declared candidate with headroom: fill the preferred key, spill to the next.</summary>
public sealed class PriorityStrategy : ISelectionStrategy
{
    public string Name => StrategyNames.Priority;

    public IReadOnlyList<RankedCandidate> Order(IReadOnlyList<RankedCandidate> available, StepContext context) =>
        [.. available.OrderBy(c => c.Candidate.Order)];
}
