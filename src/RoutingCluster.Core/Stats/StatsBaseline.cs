namespace RoutingCluster.Stats;

/// <summary>
/// The role-less baseline: the default role's first step's first model, i.e. what every request
/// would have used without roles. Its prices price the same tokens for comparison.
/// </summary>
public sealed record StatsBaseline(string Role, string Model, decimal InputPricePerMillion, decimal OutputPricePerMillion)
{
    /// <summary>Saturates at the bounds of <see cref="decimal"/> rather than throwing, whatever the figures.</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        Saturating.Add(Saturating.Multiply(inputTokens, InputPricePerMillion), Saturating.Multiply(outputTokens, OutputPricePerMillion)) / 1_000_000m;
}
