namespace RoutingCluster.Ledger;

/// <summary>Filters for reading the ledger; newest first.</summary>
/// <param name="Status">Exact HTTP status, or a class such as <c>2xx</c>/<c>5xx</c>, or null for all.</param>
public sealed record LedgerQuery(int Limit = 50, string? Role = null, string? Status = null, DateTimeOffset? Since = null);
