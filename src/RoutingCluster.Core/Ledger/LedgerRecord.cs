namespace RoutingCluster.Ledger;

/// <summary>
/// What happened to one request, as the ledger keeps it: who asked, what the router decided and
/// why, every candidate it skipped with the reason, every attempt, and the outcome with tokens
/// and cost. Never holds a secret: credentials and gateway keys appear by id only.
/// </summary>
/// <param name="Id">Unique request id (also returned as <c>x-routing-request-id</c>).</param>
/// <param name="Tenant">The tenant the gateway key belongs to (<c>anonymous</c> without keys, empty when refused or for an admin key).</param>
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
    double DurationMs,
    string? Error)
{
    /// <summary>The id of the gateway key that authenticated the request (never the key), empty when refused.</summary>
    public string GatewayKey { get; init; } = "";

    /// <summary>
    /// The code of the error the gateway answered itself, without an upstream answer to pass back
    /// (<c>invalid_api_key</c>, <c>policy_denied</c>, <c>insufficient_quota</c>, <c>upstream_failed</c>, ...); null otherwise.
    /// </summary>
    public string? ErrorCode { get; init; }

    /// <summary>The tenant policy the plan was filtered by (<c>tenant-id</c>), or null when the tenant has none.</summary>
    public string? Policy { get; init; }
}
