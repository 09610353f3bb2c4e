using System.Collections.Immutable;

namespace RoutingCluster.Tenants;

/// <summary>
/// Runtime state of one budget for its current calendar period. Caps are not stored here: each
/// command carries them (<see cref="BudgetLimits"/>). What counts against the cap is
/// <see cref="Committed"/>: what was spent plus what attempts in flight reserved.
/// </summary>
/// <param name="Period">The calendar period <see cref="Spent"/> belongs to.</param>
/// <param name="Spent">Settled spend of the period (and, after a crash, what the lost activation may have admitted).</param>
/// <param name="Reservations">Attempts in flight; those reserved before a rollover carry over and are charged to the new period.</param>
[GenerateSerializer]
[Immutable]
public sealed record BudgetState(
    [property: Id(0)] long Version,
    [property: Id(1)] BudgetWindow Period,
    [property: Id(2)] BudgetAmount Spent,
    [property: Id(3)] ImmutableArray<BudgetReservation> Reservations)
{
    public static BudgetState Initial { get; } = new(0, default, BudgetAmount.Zero, []);

    public BudgetAmount Reserved => Reservations.Aggregate(BudgetAmount.Zero, static (sum, r) => sum.Plus(r.Amount));

    public BudgetAmount Committed => Spent.Plus(Reserved);

    public BudgetState WithVersion(long version) => this with { Version = version };
}
