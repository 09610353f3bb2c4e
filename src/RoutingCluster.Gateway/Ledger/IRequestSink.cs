using RoutingCluster.Ledger;

namespace RoutingCluster.Gateway.Ledger;

/// <summary>Receives every finished request's record (the ledger, traffic metrics). Called on the
/// request path after the response is written: it must not block or do I/O.</summary>
public interface IRequestSink
{
    void OnRequest(LedgerRecord record);
}

/// <summary>Hands records to the configured <see cref="ILedger"/>.</summary>
public sealed class LedgerSink(ILedger ledger) : IRequestSink
{
    public void OnRequest(LedgerRecord record) => ledger.Append(record);
}
