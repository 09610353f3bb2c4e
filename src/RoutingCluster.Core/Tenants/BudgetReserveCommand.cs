namespace RoutingCluster.Tenants;

/// <param name="LeaseId">The attempt's lease id: a second reserve under it holds nothing more.</param>
/// <param name="Estimate">The attempt's estimated cost: estimated input plus reserved output tokens, priced at its model.</param>
/// <param name="Ttl">How long the reservation holds if never settled (its node died); it is then charged as spent.</param>
[GenerateSerializer]
[Immutable]
public sealed record BudgetReserveCommand([property: Id(0)] string LeaseId, [property: Id(1)] BudgetAmount Estimate, [property: Id(2)] TimeSpan Ttl, [property: Id(3)] BudgetLimits Limits);
