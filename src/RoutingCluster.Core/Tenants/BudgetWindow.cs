namespace RoutingCluster.Tenants;

/// <summary>One calendar period of a budget as instants: spend counts from <see cref="Start"/> until <see cref="End"/> (exclusive).</summary>
[GenerateSerializer]
[Immutable]
public readonly record struct BudgetWindow([property: Id(0)] DateTimeOffset Start, [property: Id(1)] DateTimeOffset End)
{
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;
}
