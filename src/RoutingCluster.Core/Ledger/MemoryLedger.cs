namespace RoutingCluster.Ledger;

/// <summary>The embedded ledger: the most recent <see cref="Capacity"/> records in a ring, oldest overwritten.</summary>
public sealed class MemoryLedger(int capacity = MemoryLedger.DefaultCapacity) : ILedger
{
    public const int DefaultCapacity = 10_000;

    private readonly LedgerRecord?[] _ring = new LedgerRecord?[capacity];
    private readonly Lock _gate = new();
    private long _appended;

    public int Capacity => _ring.Length;

    public void Append(LedgerRecord record)
    {
        lock (_gate)
        {
            _ring[_appended % _ring.Length] = record;
            _appended++;
        }
    }

    public Task<IReadOnlyList<LedgerRecord>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        var results = new List<LedgerRecord>(Math.Min(query.Limit, 1000));
        foreach (var record in Newest())
        {
            if (results.Count >= query.Limit || (query.Since is { } since && record.Time < since))
            {
                break;
            }

            if (LedgerFilter.Matches(record, query))
            {
                results.Add(record);
            }
        }

        return Task.FromResult<IReadOnlyList<LedgerRecord>>(results);
    }

    public Task<LedgerRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Newest().FirstOrDefault(r => r.Id == id));

    /// <summary>A snapshot of the ring, newest first.</summary>
    private List<LedgerRecord> Newest()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_appended, _ring.Length);
            var newest = new List<LedgerRecord>(count);
            for (var i = 1; i <= count; i++)
            {
                newest.Add(_ring[(_appended - i) % _ring.Length]!);
            }

            return newest;
        }
    }
}
