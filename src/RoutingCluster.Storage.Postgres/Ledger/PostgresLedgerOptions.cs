namespace RoutingCluster.Storage.Postgres.Ledger;

/// <summary>Buffering and batching of the <see cref="PostgresLedger"/>.</summary>
/// <param name="Capacity">Records kept while the database is slow or down; beyond it the oldest are dropped (and counted).</param>
/// <param name="BatchSize">Records per INSERT; this many waiting also wakes the writer before the interval.</param>
/// <param name="FlushInterval">How often the writer writes what is waiting.</param>
/// <param name="RetryInterval">How long the writer waits after a failed write before trying again.</param>
/// <param name="StopTimeout">How long stopping may spend flushing before the rest is given up.</param>
public sealed record PostgresLedgerOptions(
    int Capacity = 50_000,
    int BatchSize = 500,
    TimeSpan? FlushInterval = null,
    TimeSpan? RetryInterval = null,
    TimeSpan? StopTimeout = null)
{
    public TimeSpan FlushEvery => FlushInterval ?? TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryEvery => RetryInterval ?? TimeSpan.FromSeconds(2);

    public TimeSpan StopWithin => StopTimeout ?? TimeSpan.FromSeconds(5);
}
