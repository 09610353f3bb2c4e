namespace RoutingCluster.Routing.Strategies;

/// <summary>Cheapest expected price for this request first (reserved input and output at the model's prices).</summary>
public sealed class CostStrategy : ISelectionStrategy
{
    public string Name => StrategyNames.Cost;

    public IReadOnlyList<RankedCandidate> Order(IReadOnlyList<RankedCandidate> available, StepContext context) =>
        [.. available.OrderBy(c => c.Candidate.Model.InputPricePerMillion + c.Candidate.Model.OutputPricePerMillion).ThenBy(c => c.Candidate.Order)];
}
