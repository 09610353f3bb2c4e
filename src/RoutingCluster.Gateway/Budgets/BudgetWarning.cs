using System.Globalization;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Budgets;

/// <summary>A budget at or past its warnAt once the request's reservation is counted.</summary>
/// <param name="Percent">Share of the cap committed (spent + reserved), in whole percent, rounded down.</param>
public sealed record BudgetWarning(BudgetDefinition Budget, int Percent, string Limit)
{
    public const string Header = "x-routing-budget-warning";

    /// <summary><c>team-a/month 82% of $50</c></summary>
    public string Value => $"{Budget.Id} {Percent.ToString(CultureInfo.InvariantCulture)}% of {Limit}";

    /// <returns>Null while the budget is below its warnAt.</returns>
    public static BudgetWarning? Of(BudgetDefinition budget, BudgetStanding standing)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(standing);
        var share = standing.Share;
        if (share < budget.WarnAt)
        {
            return null;
        }

        var percent = (int)Math.Min(int.MaxValue, Math.Floor(share * 100));
        return new BudgetWarning(budget, percent, BudgetText.TighterLimit(standing));
    }
}
