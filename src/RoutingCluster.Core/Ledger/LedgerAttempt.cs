namespace RoutingCluster.Ledger;

/// <summary>One upstream attempt.</summary>
/// <param name="Outcome">An <see cref="Entities.OutcomeKind"/> name, e.g. <c>RateLimited</c>.</param>
public sealed record LedgerAttempt(
    string Model, string UpstreamModel, string Provider, string Credential, int? Status, string Outcome, double LatencyMs, double? TimeToFirstTokenMs, string? Detail);
