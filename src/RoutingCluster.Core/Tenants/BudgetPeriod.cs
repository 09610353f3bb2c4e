namespace RoutingCluster.Tenants;

/// <summary>A calendar period in the budget's time zone.</summary>
public enum BudgetPeriod
{
    Day,
    Month,
}
