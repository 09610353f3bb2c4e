using RoutingCluster.Tenants;

namespace RoutingCluster.Grains.Budgets;

/// <summary>
/// One budget of one tenant (or gateway key), keyed by its id (<c>team-a/month</c>,
/// <c>team-a/a-ci/day</c>), enforced cluster-wide: every node reserves and settles through it, one
/// turn of the pure <see cref="BudgetTransitions"/> per call.
/// </summary>
public interface IBudgetGrain : IGrainWithStringKey
{
    ValueTask<BudgetDecision> Reserve(BudgetReserveCommand command);

    ValueTask<BudgetStanding> Settle(BudgetSettleCommand command);

    /// <summary>Where the budget stands now (admin and tests; the request path learns it from the answers above).</summary>
    ValueTask<BudgetStanding> Standing(BudgetLimits limits);
}
