using System.Collections.Concurrent;

namespace RoutingCluster.Entities;

/// <summary>
/// The embedded, single-node store: each entity lives in a slot guarded by its own lock, so
/// transitions of one entity are serialized while different entities proceed in parallel.
/// </summary>
public sealed class MemoryEntityStore(TimeProvider timeProvider) : IEntityStore
{
    private readonly ConcurrentDictionary<EntityKey, Slot> _slots = new();

    public ValueTask<TResult> ApplyAsync<TState, TResult>(
        EntityKey key,
        TransitionFunc<TState, TResult> transition,
        CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        cancellationToken.ThrowIfCancellationRequested();
        var slot = _slots.GetOrAdd(key, static _ => new Slot());
        lock (slot)
        {
            var current = slot.State as TState ?? TState.Initial;
            var (next, result) = transition(current, timeProvider.GetUtcNow());
            slot.State = next.WithVersion(current.Version + 1);
            return ValueTask.FromResult(result);
        }
    }

    public ValueTask<TState> ReadAsync<TState>(EntityKey key, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        var state = _slots.TryGetValue(key, out var slot) ? Volatile.Read(ref slot.State) as TState : null;
        return ValueTask.FromResult(state ?? TState.Initial);
    }

    /// <summary>Forgets every entity (used when local state has been handed over to a shared store).</summary>
    public void Clear() => _slots.Clear();

    private sealed class Slot
    {
        public object? State;
    }
}
