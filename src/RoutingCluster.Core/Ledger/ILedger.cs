namespace RoutingCluster.Ledger;

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
