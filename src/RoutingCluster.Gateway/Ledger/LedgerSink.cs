using RoutingCluster.Ledger;

namespace RoutingCluster.Gateway.Ledger;

/// <summary>Hands records to the configured <see cref="ILedger"/>.</summary>
public sealed class LedgerSink(ILedger ledger) : IRequestSink
{
    public void OnRequest(LedgerRecord record) => ledger.Append(record);
}
