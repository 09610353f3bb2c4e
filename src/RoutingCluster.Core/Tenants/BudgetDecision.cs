namespace RoutingCluster.Tenants;

/// <summary>A budget grain's answer to a reservation, with where the budget stands after it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record BudgetDecision([property: Id(0)] BudgetVerdict Verdict, [property: Id(1)] BudgetStanding Standing)
{
    public bool Granted => Verdict == BudgetVerdict.Granted;
}
