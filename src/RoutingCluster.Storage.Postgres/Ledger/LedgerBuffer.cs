using RoutingCluster.Ledger;

namespace RoutingCluster.Storage.Postgres.Ledger;

/// <summary>
/// The records not yet in the table, oldest first, at most <c>capacity</c> of them: when full, the
/// oldest is dropped and counted. A batch taken for writing stays counted (and visible to readers)
/// until the write completes; a failed batch goes back to the front, so order is kept across retries.
/// </summary>
internal sealed class LedgerBuffer(int capacity)
{
    private readonly LinkedList<LedgerRecord> _waiting = new();
    private readonly Lock _gate = new();
    private List<LedgerRecord> _inFlight = [];
    private long _dropped;

    public int Capacity => capacity;

    /// <summary>Waiting plus in flight.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count + _inFlight.Count;
            }
        }
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <returns>How many records wait for a batch (in-flight ones excluded).</returns>
    public int Add(LedgerRecord record)
    {
        lock (_gate)
        {
            // The in-flight batch cannot be shortened; it is trimmed if it comes back (Return).
            while (_waiting.Count > 0 && _waiting.Count + _inFlight.Count >= capacity)
            {
                _waiting.RemoveFirst();
                _dropped++;
            }

            _waiting.AddLast(record);
            return _waiting.Count;
        }
    }

    /// <summary>Takes up to <paramref name="max"/> of the oldest records as the in-flight batch (one at a time).</summary>
    public IReadOnlyList<LedgerRecord> Take(int max)
    {
        lock (_gate)
        {
            if (_inFlight.Count > 0)
            {
                throw new InvalidOperationException("A ledger batch is already in flight.");
            }

            var batch = new List<LedgerRecord>(Math.Min(max, _waiting.Count));
            while (batch.Count < max && _waiting.First is { } first)
            {
                batch.Add(first.Value);
                _waiting.RemoveFirst();
            }

            _inFlight = batch;
            return batch;
        }
    }

    /// <summary>The in-flight batch is in the table.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _inFlight = [];
        }
    }

    /// <summary>The in-flight batch was not written: back to the front, then the oldest beyond capacity dropped.</summary>
    public void Return()
    {
        lock (_gate)
        {
            for (var i = _inFlight.Count - 1; i >= 0; i--)
            {
                _waiting.AddFirst(_inFlight[i]);
            }

            _inFlight = [];
            while (_waiting.Count > capacity)
            {
                _waiting.RemoveFirst();
                _dropped++;
            }
        }
    }

    /// <summary>Every buffered record, in flight or waiting, newest first.</summary>
    public List<LedgerRecord> NewestFirst()
    {
        lock (_gate)
        {
            var all = new List<LedgerRecord>(_waiting.Count + _inFlight.Count);
            for (var node = _waiting.Last; node is not null; node = node.Previous)
            {
                all.Add(node.Value);
            }

            for (var i = _inFlight.Count - 1; i >= 0; i--)
            {
                all.Add(_inFlight[i]);
            }

            return all;
        }
    }
}
