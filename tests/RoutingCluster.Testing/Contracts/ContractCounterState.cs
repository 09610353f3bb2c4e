using RoutingCluster.Entities;

namespace RoutingCluster.Testing.Contracts;

/// <summary>
/// A test-only entity: a counter advanced by one per applied transition. Since every applied
/// transition also bumps <see cref="Version"/> by one, a store that applies a transition twice or
/// hands a transition a state whose version disagrees with its data is caught by
/// <c>Count != Version</c>. Plain record, serializable by System.Text.Json with web defaults.
/// </summary>
public sealed record ContractCounterState(long Version, long Count) : IEntityState<ContractCounterState>
{
    public static ContractCounterState Initial { get; } = new(0, 0);

    public ContractCounterState WithVersion(long version) => this with { Version = version };

    /// <summary>The increment transition: returns the count it produced.</summary>
    public static Transition<ContractCounterState, long> Increment(ContractCounterState state) =>
        new(state with { Count = state.Count + 1 }, state.Count + 1);
}
