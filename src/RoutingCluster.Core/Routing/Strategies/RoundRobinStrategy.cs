using System.Runtime.CompilerServices;

using System.Collections.Concurrent;

namespace RoutingCluster.Routing.Strategies;

/// <summary>
/// Rotates the starting candidate on every request of a step. The counter is per node: across
/// nodes the rotation is per node, which still spreads load evenly.
/// </summary>
public sealed class RoundRobinStrategy : ISelectionStrategy
{
    private readonly ConcurrentDictionary<StepContext, StrongBox<int>> _counters = new();

    public string Name => StrategyNames.RoundRobin;

    public IReadOnlyList<RankedCandidate> Order(IReadOnlyList<RankedCandidate> available, StepContext context)
    {
        if (available.Count <= 1)
        {
            return available;
        }

        var ordered = available.OrderBy(c => c.Candidate.Order).ToArray();
        var counter = _counters.GetOrAdd(context, static _ => new StrongBox<int>(-1));
        var start = (int)((uint)Interlocked.Increment(ref counter.Value) % (uint)ordered.Length);
        return [.. ordered[start..], .. ordered[..start]];
    }
}
