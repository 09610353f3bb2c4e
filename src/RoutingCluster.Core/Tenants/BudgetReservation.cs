namespace RoutingCluster.Tenants;

/// <summary>The estimated cost of one attempt in flight, held against the budget until the attempt settles or expires.</summary>
[GenerateSerializer]
[Immutable]
public sealed record BudgetReservation([property: Id(0)] string LeaseId, [property: Id(1)] BudgetAmount Amount, [property: Id(2)] DateTimeOffset ExpiresAt);
