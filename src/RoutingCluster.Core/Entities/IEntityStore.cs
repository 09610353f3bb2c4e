namespace RoutingCluster.Entities;

/// <summary>
/// Applies transitions to entities atomically, one at a time per entity, the way a grain runs one
/// turn at a time. Implementations: the in-process <see cref="MemoryEntityStore"/> (one node) and
/// the shared PostgreSQL store (cluster mode). Both take "now" from their <see cref="TimeProvider"/>.
/// </summary>
public interface IEntityStore
{
    /// <summary>Runs <paramref name="transition"/> on the entity's current state and stores the result,
    /// with no other transition of the same entity interleaved.</summary>
    ValueTask<TResult> ApplyAsync<TState, TResult>(
        EntityKey key,
        TransitionFunc<TState, TResult> transition,
        CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>;

    /// <summary>
    /// Like <see cref="ApplyAsync{TState, TResult}(EntityKey, TransitionFunc{TState, TResult}, CancellationToken)"/>,
    /// given a state of the entity read a moment ago. A shared store may run the transition on it and
    /// write only if the entity is still at that version, saving its own read; when it has moved
    /// on, the transition runs on the current state as usual. The outcome is the same either way.
    /// </summary>
    ValueTask<TResult> ApplyAsync<TState, TResult>(
        EntityKey key,
        TState known,
        TransitionFunc<TState, TResult> transition,
        CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState> =>
        ApplyAsync(key, transition, cancellationToken);

    /// <summary>The latest stored state (or the initial one). For ranking only: decisions go through
    /// <c>ApplyAsync</c>.</summary>
    ValueTask<TState> ReadAsync<TState>(EntityKey key, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>;

    /// <summary>
    /// Like <see cref="ReadAsync{TState}"/> for entities of two kinds at once, in the order of the
    /// keys given; a shared store answers them all in one round trip.
    /// </summary>
    async ValueTask<(TFirst[] First, TSecond[] Second)> ReadManyAsync<TFirst, TSecond>(
        IReadOnlyList<EntityKey> first,
        IReadOnlyList<EntityKey> second,
        CancellationToken cancellationToken = default)
        where TFirst : class, IEntityState<TFirst>
        where TSecond : class, IEntityState<TSecond>
    {
        var firstStates = new TFirst[first.Count];
        for (var i = 0; i < first.Count; i++)
        {
            firstStates[i] = await ReadAsync<TFirst>(first[i], cancellationToken);
        }

        var secondStates = new TSecond[second.Count];
        for (var i = 0; i < second.Count; i++)
        {
            secondStates[i] = await ReadAsync<TSecond>(second[i], cancellationToken);
        }

        return (firstStates, secondStates);
    }
}
