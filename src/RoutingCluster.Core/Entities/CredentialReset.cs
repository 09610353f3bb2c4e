namespace RoutingCluster.Entities;

/// <summary>What an operator's reset of a credential cleared (each null or false when it was not in force).</summary>
/// <param name="CooldownUntil">The cooldown that was running, if any.</param>
/// <param name="DisabledReason">Why the key was disabled (a 401/403), if it was.</param>
/// <param name="Breaker">The credential's breaker phase before it was closed, unless already closed.</param>
/// <param name="Learned">Whether learned rate-limit headers were forgotten.</param>
/// <param name="StillRefused">What would still refuse an acquire after the reset (e.g. a window the
/// gateway counted itself is spent), or null when the credential is usable now.</param>
[GenerateSerializer]
[Immutable]
public sealed record CredentialReset(
    [property: Id(0)] DateTimeOffset? CooldownUntil,
    [property: Id(1)] string? CooldownReason,
    [property: Id(2)] string? DisabledReason,
    [property: Id(3)] BreakerPhase? Breaker,
    [property: Id(4)] bool Learned,
    [property: Id(5)] Refusal? StillRefused);
