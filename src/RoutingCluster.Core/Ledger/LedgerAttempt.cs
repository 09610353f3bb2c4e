namespace RoutingCluster.Ledger;

/// <summary>One upstream attempt.</summary>
/// <param name="Outcome">An <see cref="Entities.OutcomeKind"/> name, e.g. <c>RateLimited</c>.</param>
/// <param name="RetryAt">For a 429: until when the credential cools down (capped by its provider's <c>maxLearnedWait</c>).</param>
/// <param name="WaitCapped">The upstream asked for a longer wait than the cap; <paramref name="AskedRetryAt"/> says how long.</param>
/// <param name="AskedRetryAt">When the upstream said the key frees up, set only when <paramref name="WaitCapped"/>.</param>
public sealed record LedgerAttempt(
    string Model,
    string UpstreamModel,
    string Provider,
    string Credential,
    int? Status,
    string Outcome,
    double LatencyMs,
    double? TimeToFirstTokenMs,
    string? Detail,
    DateTimeOffset? RetryAt = null,
    bool WaitCapped = false,
    DateTimeOffset? AskedRetryAt = null);
