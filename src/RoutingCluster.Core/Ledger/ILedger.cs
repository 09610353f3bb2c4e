namespace RoutingCluster.Ledger;

/// <summary>Filters for reading the ledger; newest first.</summary>
/// <param name="Status">Exact HTTP status, or a class such as <c>2xx</c>/<c>5xx</c>, or null for all.</param>
public sealed record LedgerQuery(int Limit = 50, string? Role = null, string? Status = null, DateTimeOffset? Since = null);

/// <summary>
/// Where request records go. <see cref="Append"/> is called on the request path and must not block
/// or do I/O there (implementations buffer and write in the background).
/// </summary>
public interface ILedger
{
    void Append(LedgerRecord record);

    Task<IReadOnlyList<LedgerRecord>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default);

    Task<LedgerRecord?> GetAsync(string id, CancellationToken cancellationToken = default);
}
