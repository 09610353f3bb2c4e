using System.Collections.Concurrent;
using RoutingCluster.Entities;

namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>
/// The last state of each entity this node committed or read, kept only to guess the version a
/// direct conditional update should expect: a wrong guess costs one round trip, never a wrong
/// result (the update checks the version). A state older than <see cref="MaxAge"/> is not used,
/// and after a lost race the entity takes the batch path for <see cref="MissBackoff"/>, since other
/// nodes are writing it.
/// </summary>
internal sealed class SeenStates(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan MissBackoff = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<EntityKey, Seen> _states = new();
    private readonly ConcurrentDictionary<EntityKey, long> _missedAt = new();

    public void Remember(EntityKey key, object state, long version)
    {
        var seen = new Seen(state, version, time.GetTimestamp());
        _states.AddOrUpdate(key, seen, (_, old) => old.Version > version ? old : seen);
    }

    public TState? Recent<TState>(EntityKey key)
        where TState : class, IEntityState<TState> =>
        _states.TryGetValue(key, out var seen) && seen.State is TState state && time.GetElapsedTime(seen.At) < MaxAge ? state : null;

    public bool DirectPathOpen(EntityKey key) =>
        !_missedAt.TryGetValue(key, out var at) || time.GetElapsedTime(at) >= MissBackoff;

    public void DirectPathMissed(EntityKey key)
    {
        _missedAt[key] = time.GetTimestamp();
        _states.TryRemove(key, out _);
    }

    private sealed record Seen(object State, long Version, long At);
}
