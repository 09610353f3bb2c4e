namespace RoutingCluster.Ledger;

/// <summary>A ledger that writes in the background: what is waiting, and what it had to give up.</summary>
public interface ILedgerBacklog
{
    /// <summary>Records accepted but not yet written.</summary>
    int Pending { get; }

    /// <summary>Records dropped since start because the backlog was full (the database was down too long).</summary>
    long Dropped { get; }
}
