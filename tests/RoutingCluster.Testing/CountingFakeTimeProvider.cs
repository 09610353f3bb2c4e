using Microsoft.Extensions.Time.Testing;

namespace RoutingCluster.Testing;

/// <summary>
/// The package's <see cref="FakeTimeProvider"/>, which also counts its armed timers. The package keeps
/// its timer list internal, but a test driving a background loop (a heartbeat that arms a new
/// <c>Task.Delay</c> after each beat) must know the delay is armed before it moves the clock, or the
/// beat lands one interval late. Only the count is added; time and timers behave as the package's.
/// </summary>
public sealed class CountingFakeTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _armed;

    /// <summary>Timers armed and not yet fired (one-shot), disarmed or disposed.</summary>
    public int ArmedTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _armed;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new CountedTimer(this, callback, state);
        timer.Inner = base.CreateTimer(static s => ((CountedTimer)s!).Fire(), timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes once at least <paramref name="count"/> timers are armed; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForTimersAsync(int count, TimeSpan timeout)
    {
        Task armed;
        lock (_gate)
        {
            if (_armed >= count)
            {
                return;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            armed = done.Task;
        }

        try
        {
            await armed.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for {count} armed timer(s); {ArmedTimerCount} armed.");
        }
    }

    private void Count(int delta)
    {
        lock (_gate)
        {
            _armed += delta;
            _waiters.RemoveAll(w => _armed >= w.Count && w.Done.TrySetResult());
        }
    }

    private sealed class CountedTimer(CountingFakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _gate = new();
        private bool _armed;
        private bool _oneShot;
        private bool _disposed;

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }

                // Counted before the package arms it: a timer due now fires inside Inner.Change.
                _oneShot = period == TimeSpan.Zero || period == Timeout.InfiniteTimeSpan;
                SetArmed(dueTime != Timeout.InfiniteTimeSpan);
            }

            return Inner.Change(dueTime, period);
        }

        public void Fire()
        {
            lock (_gate)
            {
                if (_oneShot)
                {
                    SetArmed(false);
                }
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                SetArmed(false);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void SetArmed(bool armed)
        {
            if (armed != _armed)
            {
                _armed = armed;
                owner.Count(armed ? 1 : -1);
            }
        }
    }
}
