namespace RoutingCluster.Entities;

/// <summary>
/// What a credential grain persists: its state at the write, plus the allowance it took ahead of use
/// (how many more requests and tokens it may admit before it must write again). A crash loses what
/// was admitted since the write, never more than the allowance, so recovery counts the whole
/// allowance as spent (<see cref="CredentialTransitions.Recover"/>).
/// </summary>
/// <param name="Concurrency">The concurrency limit declared at the write: after a crash that many slots
/// are held by unknown leases until they are settled or expire.</param>
/// <param name="LeaseTtl">The lease time-to-live at the write: how long those unknown leases are held at most.</param>
/// <param name="Clean">True when written by an orderly deactivation: the state is complete and nothing was admitted after it.</param>
[GenerateSerializer]
[Immutable]
public sealed record CredentialCheckpoint(
    [property: Id(0)] CredentialState State,
    [property: Id(1)] Allowance Allowance,
    [property: Id(2)] int? Concurrency,
    [property: Id(3)] TimeSpan LeaseTtl,
    [property: Id(4)] bool Clean);
