namespace RoutingCluster.Entities;

/// <summary>The status of a store that is never shared (the embedded memory store).</summary>
public sealed class LocalStoreStatus : IStoreStatus
{
    public static readonly LocalStoreStatus Instance = new();

    public bool IsDegraded => false;

    public int LimitDivisor => 1;
}
