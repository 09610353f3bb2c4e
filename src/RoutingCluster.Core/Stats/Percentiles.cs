namespace RoutingCluster.Stats;

/// <summary>
/// Nearest-rank percentiles: the p-th percentile of n ascending values is the value at 1-based
/// rank <c>ceil(p / 100 * n)</c> (rank 1 for p = 0). Always one of the observed values, never an
/// interpolation, so a p95 of 20 samples is the 19th smallest. Empty input gives 0.
/// </summary>
public static class Percentiles
{
    public static double NearestRank(IReadOnlyList<double> ascending, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (ascending.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * ascending.Count);
        return ascending[Math.Clamp(rank, 1, ascending.Count) - 1];
    }
}
