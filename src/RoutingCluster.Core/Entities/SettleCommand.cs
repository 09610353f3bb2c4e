namespace RoutingCluster.Entities;

public sealed record SettleCommand(string LeaseId, AttemptOutcome Outcome, CredentialPolicy Policy, CooldownPolicy Cooldown);
