namespace RoutingCluster.Routing.Strategies;

/// <summary>Lowest EWMA latency first; a credential never measured goes first so it gets measured.</summary>
public sealed class LatencyStrategy : ISelectionStrategy
{
    public string Name => StrategyNames.Latency;

    public IReadOnlyList<RankedCandidate> Order(IReadOnlyList<RankedCandidate> available, StepContext context) =>
        [.. available.OrderBy(c => c.View.Health.LatencyMs ?? 0).ThenBy(c => c.Candidate.Order)];
}
