using RoutingCluster.Entities;

namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>A read waiting for its batch: one query answers every key read at about the same time.</summary>
internal abstract class PendingRead(EntityKey key) : ICoalescedItem
{
    public EntityKey Key { get; } = key;

    /// <summary>Hands over the row read, or the initial state when there is none (<paramref name="json"/> null);
    /// returns the state handed over (null if it could not be decoded).</summary>
    public abstract object? Complete(string? json, long version);

    public abstract void Fail(Exception exception);
}

internal sealed class PendingRead<TState>(EntityKey key) : PendingRead(key)
    where TState : class, IEntityState<TState>
{
    private readonly TaskCompletionSource<TState> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TState> Task => _completion.Task;

    public override object? Complete(string? json, long version)
    {
        try
        {
            var state = json is null ? TState.Initial : EntityJson.Deserialize<TState>(json).WithVersion(version);
            _completion.TrySetResult(state);
            return state;
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
            return null;
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
