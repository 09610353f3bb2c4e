namespace RoutingCluster.Tenants;

/// <summary>
/// What a budget grain persists: its state at the write and the block it may admit past it before it
/// must write again. Recovery after an unclean end counts the block and every reservation in flight
/// as spent (<see cref="BudgetTransitions.Recover"/>), so a crash never lets spend be under-counted.
/// </summary>
/// <param name="Clean">Written by an orderly deactivation: nothing was admitted after it.</param>
[GenerateSerializer]
[Immutable]
public sealed record BudgetCheckpoint([property: Id(0)] BudgetState State, [property: Id(1)] BudgetAmount Block, [property: Id(2)] bool Clean);
