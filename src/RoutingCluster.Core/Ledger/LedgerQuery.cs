namespace RoutingCluster.Ledger;

/// <summary>Filters for reading the ledger; newest first.</summary>
/// <param name="Status">Exact HTTP status, or a class such as <c>2xx</c>/<c>5xx</c>, or null for all.</param>
/// <param name="Tenant">Only this tenant's records (a tenant key reading its own), or null for all.</param>
public sealed record LedgerQuery(int Limit = 50, string? Role = null, string? Status = null, DateTimeOffset? Since = null, string? Tenant = null);
