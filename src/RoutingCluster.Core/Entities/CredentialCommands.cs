namespace RoutingCluster.Entities;

/// <summary>What a credential's limits, breaker and key are under the current config.</summary>
public sealed record CredentialPolicy(CredentialLimits Limits, BreakerOptions Breaker, string Fingerprint);

/// <param name="LeaseId">Unique per attempt, chosen by the caller.</param>
/// <param name="ReservedTokens">Estimated input + max output tokens, reserved in token windows until settled.</param>
/// <param name="LeaseTtl">How long the lease holds if never settled (node died).</param>
/// <param name="Node">The node taking the lease (null on a single node).</param>
public sealed record AcquireCommand(string LeaseId, long ReservedTokens, TimeSpan LeaseTtl, CredentialPolicy Policy, string? Node = null);

public enum RefusalKind
{
    Disabled,
    CoolingDown,
    BreakerOpen,
    ConcurrencyFull,
    WindowExhausted,
    /// <summary>The request needs more tokens than a window allows at all.</summary>
    TooLargeForWindow,
}

/// <summary>Why an entity refused, and when it may accept again (null: not by waiting).</summary>
public sealed record Refusal(RefusalKind Kind, DateTimeOffset? RetryAt, string Detail)
{
    /// <summary>Refusals that end by themselves with time, and so answer 429 with a retry-after.</summary>
    public bool IsRateLimit => Kind is RefusalKind.CoolingDown or RefusalKind.ConcurrencyFull or RefusalKind.WindowExhausted;
}

public sealed record AcquireResult(Lease? Lease, Refusal? Refusal)
{
    public bool Granted => Lease is not null;
}

public sealed record SettleCommand(string LeaseId, AttemptOutcome Outcome, CredentialPolicy Policy, TimeSpan DefaultCooldown);
