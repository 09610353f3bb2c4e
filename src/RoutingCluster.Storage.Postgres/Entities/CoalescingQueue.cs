namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>
/// Natural batching: an item enqueued while no flush runs is flushed at once, alone (no added
/// wait when the load is light); items that arrive while a flush is in flight wait for it and then
/// go out together in the next one. The batch size follows the load, and the number of database
/// connections in use stays at <c>maxInFlight</c> whatever the request rate.
/// </summary>
internal sealed class CoalescingQueue<TItem>(Func<List<TItem>, Task> flushAsync, int maxInFlight, int maxBatch)
    where TItem : ICoalescedItem
{
    private readonly Lock _gate = new();
    private List<TItem> _pending = [];
    private int _inFlight;

    /// <summary>No flush is running and nothing waits: a caller may go to the database directly.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _inFlight == 0;
            }
        }
    }

    public void Enqueue(TItem item) => EnqueueRange([item]);

    /// <summary>Items that go out together in one batch (unless a flush is in flight: then in the next ones).</summary>
    public void EnqueueRange(ReadOnlySpan<TItem> items)
    {
        lock (_gate)
        {
            _pending.AddRange(items);
            if (_inFlight >= maxInFlight)
            {
                return;
            }

            _inFlight++;
        }

        // Runs on the caller's thread up to its first wait on the database, then on the pool.
        _ = DrainAsync();
    }

    private async Task DrainAsync()
    {
        while (TakeBatch() is { } batch)
        {
            try
            {
                await flushAsync(batch);
            }
            catch (Exception ex)
            {
                foreach (var item in batch)
                {
                    item.Fail(ex);
                }
            }
        }
    }

    /// <summary>The next batch, or null (and one flusher fewer) when nothing waits.</summary>
    private List<TItem>? TakeBatch()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _inFlight--;
                return null;
            }

            if (_pending.Count <= maxBatch)
            {
                var all = _pending;
                _pending = [];
                return all;
            }

            var head = _pending.GetRange(0, maxBatch);
            _pending.RemoveRange(0, maxBatch);
            return head;
        }
    }
}
