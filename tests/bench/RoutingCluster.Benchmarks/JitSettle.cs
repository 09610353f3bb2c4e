using System.Diagnostics;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Watches a warm-up's target until its JIT has settled: from the end of the minimum duration, one
/// probe per <see cref="ProbeInterval"/>, settled once every process of the target spent less than
/// the settle share of a second in the JIT per second, <see cref="QuietProbes"/> probes in a row.
/// Counted on every thread: early on, a process compiles its first calls on the calling threads
/// while its background recompilation has not started yet, and only that counter sees both.
/// Stops at the deadline or when cancelled, whichever comes first.
/// </summary>
/// <param name="jitTime">Time spent in the JIT so far by each process of the target, always in the same order (null: not read).</param>
public sealed class JitSettle(Func<CancellationToken, Task<IReadOnlyList<TimeSpan?>>> jitTime, double settledShare)
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    public const int QuietProbes = 3;

    private volatile bool _settled;

    public bool Settled => _settled;

    /// <summary>The highest share of a second per second a process spent in the JIT over the last probe interval (null before the first).</summary>
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

            var before = await jitTime(cancellationToken);
            var beforeAt = Stopwatch.GetTimestamp();
            var quiet = 0;
            using var timer = new PeriodicTimer(ProbeInterval);
            while (Stopwatch.GetTimestamp() < deadlineTimestamp && await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = await jitTime(cancellationToken);
                var at = Stopwatch.GetTimestamp();
                var seconds = Stopwatch.GetElapsedTime(beforeAt, at).TotalSeconds;
                // A node whose counter could not be read counts as busy.
                var share = now.Zip(before, (current, previous) => current is { } c && previous is { } p ? (c - p).TotalSeconds / seconds : double.PositiveInfinity)
                    .DefaultIfEmpty(0)
                    .Max();
                LastShare = share;
                quiet = share < settledShare ? quiet + 1 : 0;
                if (quiet >= QuietProbes)
                {
                    _settled = true;
                    return;
                }

                (before, beforeAt) = (now, at);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The warm-up ended (its cap).
        }
    }
}
