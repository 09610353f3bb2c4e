namespace RoutingCluster.Testing;

/// <summary>Waits for a condition other threads or processes bring about, polling, within a bound (never a fixed sleep).</summary>
public static class Bounded
{
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="bound"/>; the message names <paramref name="what"/>.</exception>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > bound)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {bound.TotalSeconds:0} s.");
            }

            await Task.Delay(20);
        }
    }
}
