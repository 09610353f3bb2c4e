namespace RoutingCluster.Testing;

/// <summary>Waits for a condition other threads or processes bring about, polling, within a bound (never a fixed sleep).</summary>
public static class Bounded
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="bound"/>; the message names <paramref name="what"/>.</exception>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what, bound);
    }

    /// <summary>The same, for a condition that must be asked for (a grain call, an HTTP request).</summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="bound"/>; the message names <paramref name="what"/>.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > bound)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {bound.TotalSeconds:0} s.");
            }

            await Task.Delay(Poll);
        }
    }
}
