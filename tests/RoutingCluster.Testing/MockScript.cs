namespace RoutingCluster.Testing;

/// <summary>
/// Which reply the next request gets. Specific beats general: the key's queue, then the key's default,
/// then the any-key queue, then the any-key default. Queued replies are used once, in order.
/// </summary>
internal sealed class MockScript
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<MockReply>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MockReply> _defaults = new(StringComparer.Ordinal);
    private readonly Queue<MockReply> _anyQueue = new();
    private MockReply _anyDefault = MockReply.Ok();

    public void Enqueue(string? apiKey, IEnumerable<MockReply> replies)
    {
        lock (_gate)
        {
            var queue = apiKey is null ? _anyQueue : QueueFor(apiKey);
            foreach (var reply in replies)
            {
                queue.Enqueue(reply);
            }
        }
    }

    public void SetDefault(string? apiKey, MockReply reply)
    {
        lock (_gate)
        {
            if (apiKey is null)
            {
                _anyDefault = reply;
            }
            else
            {
                _defaults[apiKey] = reply;
            }
        }
    }

    public MockReply Next(string? apiKey)
    {
        lock (_gate)
        {
            if (apiKey is not null)
            {
                if (_queues.TryGetValue(apiKey, out var queue) && queue.TryDequeue(out var queued))
                {
                    return queued;
                }

                if (_defaults.TryGetValue(apiKey, out var keyDefault))
                {
                    return keyDefault;
                }
            }

            return _anyQueue.TryDequeue(out var any) ? any : _anyDefault;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _queues.Clear();
            _defaults.Clear();
            _anyQueue.Clear();
            _anyDefault = MockReply.Ok();
        }
    }

    private Queue<MockReply> QueueFor(string apiKey)
    {
        if (!_queues.TryGetValue(apiKey, out var queue))
        {
            queue = new Queue<MockReply>();
            _queues[apiKey] = queue;
        }

        return queue;
    }
}
