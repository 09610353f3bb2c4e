namespace RoutingCluster.Aspire.Tests;

/// <summary>Checks a condition until it holds or a deadline passes; never waits without a bound.</summary>
public static class BoundedPoll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Calls <paramref name="check"/> every 250 ms until it reports done; throws <see cref="TimeoutException"/>
    /// naming <paramref name="what"/> and the last state it reported once <paramref name="timeout"/> has passed.
    /// </summary>
    public static async Task UntilAsync(string what, TimeSpan timeout, Func<CancellationToken, Task<(bool Done, string State)>> check)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(Interval);
        var state = "not checked yet";
        try
        {
            do
            {
                (var done, state) = await check(deadline.Token);
                if (done)
                {
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(deadline.Token));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"{what}: not so within {timeout.TotalSeconds:0} s; last seen: {state}");
    }
}
