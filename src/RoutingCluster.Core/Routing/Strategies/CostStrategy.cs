namespace RoutingCluster.Routing.Strategies;

/// <summary>Cheapest expected price for this request first (reserved input and output at the model's prices).</summary>
public sealed class CostStrategy : ISelectionStrategy
{
    public string Name => StrategyNames.Cost;

    public IReadOnlyList<RankedCandidate> Order(IReadOnlyList<RankedCandidate> available, StepContext context) =>
        [.. available.OrderBy(c => ExpectedPrice(c.Candidate)).ThenBy(c => c.Candidate.Order)];

    // Weighted by this request's tokens: summing the two per-million prices would rank a model with
    // cheap output but dear input first even for a long prompt with a short answer.
    private static decimal ExpectedPrice(Candidate candidate) =>
        ((candidate.ReservedTokens - candidate.ReservedOutputTokens) * candidate.Model.InputPricePerMillion)
        + (candidate.ReservedOutputTokens * candidate.Model.OutputPricePerMillion);
}
