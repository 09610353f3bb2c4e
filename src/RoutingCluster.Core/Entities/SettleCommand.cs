namespace RoutingCluster.Entities;

[GenerateSerializer]
[Immutable]
public sealed record SettleCommand([property: Id(0)] string LeaseId, [property: Id(1)] AttemptOutcome Outcome, [property: Id(2)] CredentialPolicy Policy, [property: Id(3)] CooldownPolicy Cooldown);
