namespace RoutingCluster.Testing;

/// <summary>
/// Received requests and in-flight counts of <see cref="MockUpstream"/>. A request is counted in flight
/// before waiters see it, so a test that awaited its arrival also sees it in <see cref="InFlight"/>.
/// </summary>
internal sealed class MockRequestLog
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _maxInFlight = new(StringComparer.Ordinal);
    private readonly List<Waiter> _waiters = [];
    private int _totalInFlight;
    private int _totalMaxInFlight;

    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _totalInFlight;
            }
        }
    }

    public int MaxInFlight
    {
        get
        {
            lock (_gate)
            {
                return _totalMaxInFlight;
            }
        }
    }

    public IReadOnlyList<ReceivedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public int InFlightFor(string apiKey)
    {
        lock (_gate)
        {
            return _inFlight.GetValueOrDefault(apiKey);
        }
    }

    public int MaxInFlightFor(string apiKey)
    {
        lock (_gate)
        {
            return _maxInFlight.GetValueOrDefault(apiKey);
        }
    }

    public void Begin(ReceivedRequest request)
    {
        var key = request.ApiKey ?? "";
        lock (_gate)
        {
            var now = _inFlight.GetValueOrDefault(key) + 1;
            _inFlight[key] = now;
            _maxInFlight[key] = Math.Max(now, _maxInFlight.GetValueOrDefault(key));
            _totalInFlight++;
            _totalMaxInFlight = Math.Max(_totalInFlight, _totalMaxInFlight);
            _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].TryComplete(_requests))
                {
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public void End(ReceivedRequest request)
    {
        var key = request.ApiKey ?? "";
        lock (_gate)
        {
            _inFlight[key]--;
            _totalInFlight--;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
            _maxInFlight.Clear();
            foreach (var (key, count) in _inFlight)
            {
                _maxInFlight[key] = count;
            }

            _totalMaxInFlight = _totalInFlight;
        }
    }

    public async Task<IReadOnlyList<ReceivedRequest>> WaitAsync(int count, Func<ReceivedRequest, bool>? match, TimeSpan timeout)
    {
        var waiter = new Waiter(count, match ?? (_ => true));
        lock (_gate)
        {
            if (!waiter.TryComplete(_requests))
            {
                _waiters.Add(waiter);
            }
        }

        try
        {
            return await waiter.Done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }

            var seen = Snapshot();
            throw new TimeoutException(
                $"Timed out after {timeout} waiting for {count} matching request(s) at the mock upstream; "
                + $"{seen.Count(waiter.Match)} of {seen.Count} received match.");
        }
    }

    private sealed class Waiter(int count, Func<ReceivedRequest, bool> match)
    {
        public TaskCompletionSource<IReadOnlyList<ReceivedRequest>> Done { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<ReceivedRequest, bool> Match => match;

        public bool TryComplete(List<ReceivedRequest> requests)
        {
            var matching = requests.Where(match).Take(count).ToList();
            return matching.Count >= count && Done.TrySetResult(matching);
        }
    }
}
