using Polly;
using Polly.Timeout;
using Xunit;

namespace RoutingCluster.Testing;

public sealed class FakeTimeProviderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void GetUtcNow_New_ReturnsDefaultStartInUtc()
    {
        var time = new FakeTimeProvider();

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), time.GetUtcNow());
        Assert.Equal(TimeZoneInfo.Utc, time.LocalTimeZone);
    }

    [Fact]
    public void GetElapsedTime_AfterAdvance_MatchesAdvance()
    {
        var time = new FakeTimeProvider();
        var start = time.GetTimestamp();

        time.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), time.GetElapsedTime(start));
        Assert.Equal(FakeTimeProvider.DefaultStart.AddMilliseconds(1500), time.GetUtcNow());
    }

    [Fact]
    public void SetUtcNow_Backwards_Throws()
    {
        var time = new FakeTimeProvider();

        Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(FakeTimeProvider.DefaultStart.AddSeconds(-1)));
    }

    [Fact]
    public void CreateTimer_AdvancedPastDueTime_FiresOnceWithClockAtDueTime()
    {
        var time = new FakeTimeProvider();
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(fired);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([FakeTimeProvider.DefaultStart.AddSeconds(5)], fired);
        Assert.Equal(FakeTimeProvider.DefaultStart.AddSeconds(14), time.GetUtcNow());
        Assert.Equal(0, time.PendingTimerCount);
    }

    [Fact]
    public void CreateTimer_Periodic_FiresEveryPeriodInOrder()
    {
        var time = new FakeTimeProvider();
        var fired = new List<string>();
        using var periodic = time.CreateTimer(_ => fired.Add($"p@{Elapsed(time)}"), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        using var once = time.CreateTimer(_ => fired.Add($"o@{Elapsed(time)}"), null, TimeSpan.FromSeconds(15), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(35));

        Assert.Equal(["p@10", "o@15", "p@20", "p@30"], fired);
        Assert.Equal(TimeSpan.FromSeconds(5), time.TimeUntilNextTimer);
    }

    [Fact]
    public void Change_Rearmed_FiresAtNewDueTime()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, fired);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Dispose_BeforeDueTime_NeverFires()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

        timer.Dispose();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Advance_CallbackArmsEarlierTimer_FiresItInSameAdvance()
    {
        var time = new FakeTimeProvider();
        var fired = new List<string>();
        ITimer? inner = null;
        using var outer = time.CreateTimer(
            _ => inner = time.CreateTimer(_ => fired.Add($"inner@{Elapsed(time)}"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan),
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["inner@3"], fired);
        inner?.Dispose();
    }

    [Fact]
    public async Task TaskDelay_WithFakeTime_CompletesOnlyAfterAdvance()
    {
        var time = new FakeTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(30), time);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(delay.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(Bound);
    }

    [Fact]
    public void CancellationTokenSource_WithFakeTime_CancelsOnlyAfterAdvance()
    {
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(cts.IsCancellationRequested);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task WaitForTimersAsync_DelayStartedLater_CompletesWhenArmed()
    {
        var time = new FakeTimeProvider();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Task.Run(async () =>
        {
            await started.Task;
            await Task.Delay(TimeSpan.FromSeconds(3), time);
        });

        var armed = time.WaitForTimersAsync(1, Bound);
        Assert.False(armed.IsCompleted);
        started.SetResult();
        await armed;
        time.Advance(TimeSpan.FromSeconds(3));

        await work.WaitAsync(Bound);
    }

    [Fact]
    public async Task PollyTimeout_WithFakeTime_TimesOutOnlyAfterAdvance()
    {
        var time = new FakeTimeProvider();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(TimeSpan.FromSeconds(5))
            .Build();

        var execution = pipeline.ExecuteAsync(async ct => await Task.Delay(Timeout.InfiniteTimeSpan, ct)).AsTask();
        await time.WaitForTimersAsync(1, Bound);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(execution.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => execution.WaitAsync(Bound));
    }

    private static double Elapsed(FakeTimeProvider time) => (time.GetUtcNow() - time.Start).TotalSeconds;
}
