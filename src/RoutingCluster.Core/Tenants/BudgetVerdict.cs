namespace RoutingCluster.Tenants;

[GenerateSerializer]
public enum BudgetVerdict
{
    Granted,

    /// <summary>The reservation would take the budget past a cap: refused until the period resets.</summary>
    Exceeded,

    /// <summary>No decision: the grain could not persist its allowance in time, or lost its state to another activation.</summary>
    Unavailable,
}
