namespace RoutingCluster.Tenants;

/// <summary>A budget's caps and calendar as its grain needs them, carried by every command (a reload applies at once).</summary>
/// <param name="TimeZone">IANA (or Windows) id of the budget's time zone.</param>
[GenerateSerializer]
[Immutable]
public sealed record BudgetLimits([property: Id(0)] decimal? Usd, [property: Id(1)] long? Tokens, [property: Id(2)] BudgetPeriod Period, [property: Id(3)] string TimeZone)
{
    public static BudgetLimits Of(BudgetDefinition budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return new(budget.Usd, budget.Tokens, budget.Period, budget.TimeZone.Id);
    }
}
