namespace RoutingCluster.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock only moves when a test calls <see cref="Advance"/> or
/// <see cref="SetUtcNow"/>. Timers fire during those calls, one at a time in due-time order (ties in
/// arming order), with the clock set to each timer's due time while its callback runs; callbacks run
/// outside the lock, on the advancing thread, under the execution context captured at creation.
/// A timer whose due time has already come fires synchronously inside <c>CreateTimer</c>/<c>Change</c>.
/// The clock never goes backwards, so timestamps stay monotonic.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _armed = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _timerWaiters = [];
    private DateTimeOffset _now;
    private long _armSequence;

    public FakeTimeProvider()
        : this(DefaultStart)
    {
    }

    public FakeTimeProvider(DateTimeOffset startTime)
    {
        Start = startTime.ToUniversalTime();
        _now = Start;
    }

    public DateTimeOffset Start { get; }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>One timestamp tick is one <see cref="TimeSpan"/> tick, counted from <see cref="Start"/>.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers armed and not yet fired (one-shot) or disposed.</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    /// <summary>How long until the earliest armed timer is due, or null when none is armed.</summary>
    public TimeSpan? TimeUntilNextTimer
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count == 0 ? null : _armed.Min(t => t.Due) - _now;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => (GetUtcNow() - Start).Ticks;

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        RunDueTimers(target);
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            if (value < _now)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"The fake clock cannot go backwards (now {_now:O}).");
            }
        }

        RunDueTimers(value);
    }

    /// <summary>
    /// Completes once at least <paramref name="count"/> timers are armed: lets a test wait until the
    /// code under test has started its delay before advancing the clock past it.
    /// </summary>
    public Task WaitForTimersAsync(int count = 1, TimeSpan? timeout = null)
    {
        Task waiting;
        lock (_gate)
        {
            if (_armed.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _timerWaiters.Add((count, done));
            waiting = done.Task;
        }

        var bound = timeout ?? TimeSpan.FromSeconds(10);
        return WaitBounded(waiting, bound, count);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    internal void Arm(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _armed.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.Due = _now + dueTime;
            timer.Period = period;
            timer.Sequence = ++_armSequence;
            _armed.Add(timer);
            ReleaseTimerWaiters();
        }
    }

    internal void Disarm(FakeTimer timer)
    {
        lock (_gate)
        {
            _armed.Remove(timer);
        }
    }

    internal void RunDueTimersNow() => RunDueTimers(GetUtcNow());

    private void RunDueTimers(DateTimeOffset target)
    {
        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = null;
                foreach (var timer in _armed)
                {
                    if (timer.Due <= target && (next is null || timer.Due < next.Due
                        || (timer.Due == next.Due && timer.Sequence < next.Sequence)))
                    {
                        next = timer;
                    }
                }

                if (next is null)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (next.Due > _now)
                {
                    _now = next.Due;
                }

                if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
                {
                    next.Due += next.Period;
                    next.Sequence = ++_armSequence;
                }
                else
                {
                    _armed.Remove(next);
                }
            }

            next.Invoke();
        }
    }

    private void ReleaseTimerWaiters()
    {
        for (var i = _timerWaiters.Count - 1; i >= 0; i--)
        {
            if (_armed.Count >= _timerWaiters[i].Count)
            {
                _timerWaiters[i].Done.TrySetResult();
                _timerWaiters.RemoveAt(i);
            }
        }
    }

    private async Task WaitBounded(Task waiting, TimeSpan bound, int count)
    {
        try
        {
            await waiting.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"Timed out after {bound} waiting for {count} armed timer(s); {PendingTimerCount} armed.");
        }
    }
}
