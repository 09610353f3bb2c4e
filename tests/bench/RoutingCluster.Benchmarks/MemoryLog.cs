namespace RoutingCluster.Benchmarks;

/// <summary>
/// Memory of this process (the load generator and the mock; gateways are processes of their own) at named moments.
/// </summary>
public sealed class MemoryLog
{
    private readonly List<MemorySnapshot> _snapshots = [];

    public IReadOnlyList<MemorySnapshot> Snapshots => _snapshots;

    public void Snapshot(string moment)
    {
        // Collect first, so the managed heap is what is live, not what the last phase left behind.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _snapshots.Add(new MemorySnapshot(moment, Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false)));
    }
}

public sealed record MemorySnapshot(string Moment, long WorkingSetBytes, long ManagedHeapBytes);
