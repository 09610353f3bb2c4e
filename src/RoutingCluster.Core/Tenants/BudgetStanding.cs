namespace RoutingCluster.Tenants;

/// <summary>Where a budget stands after a turn of its grain: what its answers tell a node (refusals, warnings, gauges).</summary>
/// <param name="Committed">Spent plus reserved by attempts in flight, this one included when it was granted.</param>
/// <param name="ResetAt">The end of the current period, when spend starts again from zero.</param>
[GenerateSerializer]
[Immutable]
public sealed record BudgetStanding([property: Id(0)] BudgetLimits Limits, [property: Id(1)] BudgetAmount Spent, [property: Id(2)] BudgetAmount Committed, [property: Id(3)] DateTimeOffset ResetAt)
{
    /// <summary>The largest share of a declared cap that <see cref="Committed"/> takes (0 when no cap is declared).</summary>
    public double Share => Math.Max(
        Limits.Usd is { } usd ? (usd <= 0 ? 1 : (double)(Committed.Usd / usd)) : 0,
        Limits.Tokens is { } tokens ? (tokens <= 0 ? 1 : (double)Committed.Tokens / tokens) : 0);

    public static BudgetStanding Of(BudgetState state, BudgetLimits limits) => new(limits, state.Spent, state.Committed, state.Period.End);
}
