namespace RoutingCluster.Ledger;

/// <summary>
/// What happened to one request, as the ledger keeps it: who asked, what the router decided and
/// why, every candidate it skipped with the reason, every attempt, and the outcome with tokens
/// and cost. Never holds a secret: credentials and gateway keys appear by id only.
/// </summary>
/// <param name="Id">Unique request id (also returned as <c>x-routing-request-id</c>).</param>
/// <param name="Tenant">The gateway key id that authenticated the request (<c>anonymous</c> without keys, empty when refused).</param>
/// <param name="FrontDoor"><c>openai</c> or <c>anthropic</c>.</param>
/// <param name="Role">The role chosen, or null when the request was refused before routing.</param>
/// <param name="RoleReason">Why that role: <c>header</c>, <c>role</c>, <c>alias x</c>, <c>model</c>, <c>rule 2</c>.</param>
/// <param name="Outcome">See <see cref="LedgerOutcomes"/>.</param>
/// <param name="Status">The HTTP status answered to the client.</param>
/// <param name="Model">The model that served (id from the config), when one did.</param>
/// <param name="CostUsd">From the serving model's price table and the reported usage.</param>
/// <param name="DurationMs">Time in the gateway from the request's arrival to the last byte written.</param>
/// <param name="Error">The error message answered, for failed requests.</param>
public sealed record LedgerRecord(
    string Id,
    DateTimeOffset Time,
    string Node,
    string Tenant,
    string FrontDoor,
    string RequestedModel,
    string? Role,
    string? RoleReason,
    IReadOnlyList<LedgerSkip> Skipped,
    IReadOnlyList<LedgerAttempt> Attempts,
    string Outcome,
    int Status,
    string? Model,
    string? Provider,
    string? Credential,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    decimal CostUsd,
    bool Stream,
    bool Degraded,
    double DurationMs,
    string? Error);

/// <summary>A candidate the router did not try.</summary>
/// <param name="Reason">A <see cref="Routing.SkipReason"/> name, e.g. <c>CoolingDown</c>.</param>
/// <param name="Detail">Human-readable, e.g. "cooling down until 12:00:31 (upstream answered 429)".</param>
public sealed record LedgerSkip(string Model, string Credential, string Reason, string Detail, DateTimeOffset? RetryAt);

/// <summary>One upstream attempt.</summary>
/// <param name="Outcome">An <see cref="Entities.OutcomeKind"/> name, e.g. <c>RateLimited</c>.</param>
public sealed record LedgerAttempt(
    string Model, string UpstreamModel, string Provider, string Credential, int? Status, string Outcome, double LatencyMs, double? TimeToFirstTokenMs, string? Detail);

/// <summary>The values of <see cref="LedgerRecord.Outcome"/>.</summary>
public static class LedgerOutcomes
{
    /// <summary>An upstream answered and the answer reached the client.</summary>
    public const string Success = "success";
    /// <summary>Refused before routing: bad body, unknown model, wrong key, too large.</summary>
    public const string Rejected = "rejected";
    /// <summary>Every candidate was at a limit (429).</summary>
    public const string RateLimited = "rate_limited";
    /// <summary>Every attempt failed, nothing was available, the deadline passed, or the stream broke.</summary>
    public const string Failed = "failed";
    /// <summary>The upstream refused the request itself (4xx passed back).</summary>
    public const string UpstreamRejected = "upstream_rejected";
    /// <summary>The client went away before the answer finished.</summary>
    public const string Cancelled = "cancelled";
}
