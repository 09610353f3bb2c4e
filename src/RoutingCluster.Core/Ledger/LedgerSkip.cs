namespace RoutingCluster.Ledger;

/// <summary>A candidate the router did not try.</summary>
/// <param name="Reason">A <see cref="Routing.SkipReason"/> name, e.g. <c>CoolingDown</c>.</param>
/// <param name="Detail">Human-readable, e.g. "cooling down until 12:00:31 (upstream answered 429)".</param>
public sealed record LedgerSkip(string Model, string Credential, string Reason, string Detail, DateTimeOffset? RetryAt);
