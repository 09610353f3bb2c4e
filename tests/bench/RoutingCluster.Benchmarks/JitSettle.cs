using System.Diagnostics;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Watches a warm-up's target until its background JIT has settled: from the end of the minimum
/// duration, one probe per <see cref="ProbeInterval"/>, settled at the first interval in which the
/// tiered-compilation threads used less than the settle share of one core. Stops at the deadline
/// or when cancelled, whichever comes first.
/// </summary>
public sealed class JitSettle(Func<TimeSpan> tieringCpu, double settledShare)
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private volatile bool _settled;

    public bool Settled => _settled;

    /// <summary>The background JIT's share of one core over the last probe interval (null before the first).</summary>
    public double? LastShare { get; private set; }

    public async Task WatchAsync(long minimumTimestamp, long deadlineTimestamp, CancellationToken cancellationToken)
    {
        try
        {
            var untilMinimum = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), minimumTimestamp);
            if (untilMinimum > TimeSpan.Zero)
            {
                await Task.Delay(untilMinimum, cancellationToken);
            }

            var before = tieringCpu();
            var beforeAt = Stopwatch.GetTimestamp();
            using var timer = new PeriodicTimer(ProbeInterval);
            while (Stopwatch.GetTimestamp() < deadlineTimestamp && await timer.WaitForNextTickAsync(cancellationToken))
            {
                var cpu = tieringCpu();
                var at = Stopwatch.GetTimestamp();
                var share = (cpu - before).TotalSeconds / Stopwatch.GetElapsedTime(beforeAt, at).TotalSeconds;
                LastShare = share;
                if (share < settledShare)
                {
                    _settled = true;
                    return;
                }

                (before, beforeAt) = (cpu, at);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The warm-up ended (its cap).
        }
    }
}
