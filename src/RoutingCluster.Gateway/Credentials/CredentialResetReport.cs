namespace RoutingCluster.Gateway.Credentials;

/// <summary>
/// The answer of <c>POST /admin/credentials/{id}/reset</c>: what was cleared and whether the
/// credential can serve now. A field is null (or false) when that thing was not in force.
/// </summary>
/// <param name="Cleared">Names of what was cleared, of <c>cooldown</c>, <c>disabled</c>, <c>breaker</c>, <c>learnedLimits</c>.</param>
/// <param name="Breaker">The credential's breaker phase before the reset closed it (<c>open</c>, <c>half-open</c>).</param>
/// <param name="UsableNow">Whether a request could be sent with the credential right now.</param>
/// <param name="StillBlocked">What still stands in the way when not usable (a spent window the gateway counts
/// itself, the provider's breaker shared by all its keys), else null.</param>
public sealed record CredentialResetReport(
    string Credential,
    string Provider,
    IReadOnlyList<string> Cleared,
    DateTimeOffset? CooldownUntil,
    string? CooldownReason,
    string? DisabledReason,
    string? Breaker,
    bool LearnedLimits,
    bool UsableNow,
    string? StillBlocked);
