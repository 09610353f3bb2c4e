using RoutingCluster.Ledger;

namespace RoutingCluster.Gateway.Ledger;

/// <summary>Receives every finished request's record (the ledger, traffic metrics). Called on the
/// request path after the response is written: it must not block or do I/O.</summary>
public interface IRequestSink
{
    void OnRequest(LedgerRecord record);
}
