using RoutingCluster.Entities;

namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>A read waiting for its batch: one query answers every key read at about the same time.</summary>
internal abstract class PendingRead(EntityKey key) : ICoalescedItem
{
    public EntityKey Key { get; } = key;

    /// <summary>Hands over the row read, or the initial state when there is none (<paramref name="json"/> null).</summary>
    public abstract void Complete(string? json, long version);

    public abstract void Fail(Exception exception);
}

internal sealed class PendingRead<TState>(EntityKey key) : PendingRead(key)
    where TState : class, IEntityState<TState>
{
    private readonly TaskCompletionSource<TState> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TState> Task => _completion.Task;

    public override void Complete(string? json, long version)
    {
        try
        {
            _completion.TrySetResult(json is null ? TState.Initial : EntityJson.Deserialize<TState>(json).WithVersion(version));
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
