namespace RoutingCluster.Testing;

/// <summary>
/// A timer of <see cref="FakeTimeProvider"/>. The provider owns the schedule (due time, period, order);
/// this type only carries the callback and validates <see cref="Change"/> arguments like a real timer.
/// </summary>
internal sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    private readonly ExecutionContext? _context = ExecutionContext.Capture();
    private volatile bool _disposed;

    internal DateTimeOffset Due { get; set; }

    internal TimeSpan Period { get; set; }

    internal long Sequence { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidateSpan(dueTime, nameof(dueTime));
        ValidateSpan(period, nameof(period));
        if (_disposed)
        {
            return false;
        }

        owner.Arm(this, dueTime, period);
        if (dueTime == TimeSpan.Zero)
        {
            owner.RunDueTimersNow();
        }

        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        owner.Disarm(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal void Invoke()
    {
        if (_disposed)
        {
            return;
        }

        if (_context is null)
        {
            callback(state);
        }
        else
        {
            ExecutionContext.Run(_context, static s =>
            {
                var (cb, st) = ((TimerCallback, object?))s!;
                cb(st);
            }, (callback, state));
        }
    }

    private static void ValidateSpan(TimeSpan value, string name)
    {
        if (value != Timeout.InfiniteTimeSpan && (value < TimeSpan.Zero || value.TotalMilliseconds > uint.MaxValue - 2))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be Timeout.InfiniteTimeSpan or between 0 and 4294967294 ms.");
        }
    }
}
