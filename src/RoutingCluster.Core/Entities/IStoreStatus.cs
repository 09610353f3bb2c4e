namespace RoutingCluster.Entities;

/// <summary>
/// Whether entity decisions are currently shared cluster-wide. While degraded (the shared store is
/// unreachable) each node decides alone, so limits are divided by <see cref="LimitDivisor"/>.
/// </summary>
public interface IStoreStatus
{
    bool IsDegraded { get; }

    /// <summary>The number of live nodes last seen while degraded; 1 otherwise.</summary>
    int LimitDivisor { get; }
}
