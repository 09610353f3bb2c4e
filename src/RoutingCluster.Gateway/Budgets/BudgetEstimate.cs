using RoutingCluster.Gateway.Ledger;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Routing;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Budgets;

/// <summary>What an attempt is reserved at and what it is settled to, at the candidate model's prices.</summary>
public static class BudgetEstimate
{
    /// <summary>The estimated input plus the reserved output (max_tokens, or the planner's default reservation).</summary>
    public static BudgetAmount Of(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var output = candidate.ReservedOutputTokens;
        var input = Math.Max(0, candidate.ReservedTokens - output);
        return Priced(candidate, new TokenUsage(input, output));
    }

    /// <summary>
    /// The real cost of an attempt: its reported usage (bounded by the model, as the ledger's). An
    /// answer that reported no usage is charged its estimate (it did run); an attempt that failed
    /// before any answer, with no usage, is charged nothing (null: its reservation is released).
    /// </summary>
    public static BudgetAmount? Actual(Candidate candidate, TokenUsage? usage, int? status)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (usage is { } reported)
        {
            return Priced(candidate, reported.ClampedTo(candidate.Model));
        }

        return status is >= 200 and < 300 ? Of(candidate) : null;
    }

    private static BudgetAmount Priced(Candidate candidate, TokenUsage usage) => new(RequestRecorder.Cost(candidate.Model, usage), usage.Total);
}
