namespace RoutingCluster.Tenants;

/// <param name="Actual">What the attempt really cost; null releases the reservation with nothing charged (it failed with no usage).</param>
[GenerateSerializer]
[Immutable]
public sealed record BudgetSettleCommand([property: Id(0)] string LeaseId, [property: Id(1)] BudgetAmount? Actual, [property: Id(2)] BudgetLimits Limits);
