using System.Collections.Concurrent;
using RoutingCluster.Entities;

namespace RoutingCluster.Gateway.Tests.Forwarding.Fakes;

/// <summary>An in-memory store that counts the settles each credential received (settle is its only bool transition).</summary>
internal sealed class CountingEntityStore(TimeProvider time) : IEntityStore
{
    private readonly MemoryEntityStore _inner = new(time);
    private readonly ConcurrentDictionary<EntityKey, int> _settles = new();

    public int SettlesOf(string credentialId) => _settles.GetValueOrDefault(EntityKey.Credential(credentialId));

    public ValueTask<TResult> ApplyAsync<TState, TResult>(EntityKey key, TransitionFunc<TState, TResult> transition, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        Count<TState, TResult>(key);
        return _inner.ApplyAsync(key, transition, cancellationToken);
    }

    public ValueTask<TResult> ApplyAsync<TState, TResult>(EntityKey key, TState known, TransitionFunc<TState, TResult> transition, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        Count<TState, TResult>(key);
        return ((IEntityStore)_inner).ApplyAsync(key, known, transition, cancellationToken);
    }

    public ValueTask<TState> ReadAsync<TState>(EntityKey key, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState> => _inner.ReadAsync<TState>(key, cancellationToken);

    private void Count<TState, TResult>(EntityKey key)
    {
        if (typeof(TState) == typeof(CredentialState) && typeof(TResult) == typeof(bool))
        {
            _settles.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
    }
}
